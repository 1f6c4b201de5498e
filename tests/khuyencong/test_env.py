"""The environment helpers refuse bad values loudly, naming the variable."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from khuyencong.env import env_bool, env_choice, env_int, env_list, env_str, env_url


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "on", " On "])
def test_env_bool_reads_true(raw):
    assert env_bool("FLAG", False, environ={"FLAG": raw}) is True


@pytest.mark.parametrize("raw", ["0", "false", "no", "off", ""])
def test_env_bool_reads_false(raw):
    assert env_bool("FLAG", True, environ={"FLAG": raw}) is False


def test_env_bool_uses_the_default_when_unset():
    assert env_bool("FLAG", True, environ={}) is True


@pytest.mark.parametrize("raw", ["2", "maybe", "tru", "có"])
def test_env_bool_refuses_anything_else(raw):
    with pytest.raises(ImproperlyConfigured, match=r"FLAG=.*not a boolean"):
        env_bool("FLAG", False, environ={"FLAG": raw})


def test_env_int_reads_numbers_and_defaults():
    assert env_int("N", 5, environ={"N": "12"}) == 12
    assert env_int("N", 5, environ={}) == 5
    assert env_int("N", 5, environ={"N": ""}) == 5


@pytest.mark.parametrize("raw", ["abc", "1.5", "10 phút"])
def test_env_int_refuses_non_numbers(raw):
    with pytest.raises(ImproperlyConfigured, match="N=.*not a whole number"):
        env_int("N", 5, environ={"N": raw})


def test_env_int_refuses_values_outside_the_range():
    with pytest.raises(ImproperlyConfigured, match="PORT=0 is below 1"):
        env_int("PORT", 25, minimum=1, maximum=65535, environ={"PORT": "0"})
    with pytest.raises(ImproperlyConfigured, match="PORT=70000 is above 65535"):
        env_int("PORT", 25, minimum=1, maximum=65535, environ={"PORT": "70000"})
    assert env_int("PORT", 25, minimum=1, maximum=65535, environ={"PORT": "65535"}) == 65535


def test_env_list_splits_and_strips():
    assert env_list("HOSTS", [], environ={"HOSTS": "a.vn, b.vn"}) == ["a.vn", "b.vn"]
    assert env_list("HOSTS", ["x"], environ={}) == ["x"]
    assert env_list("HOSTS", ["x"], environ={"HOSTS": ""}) == []


@pytest.mark.parametrize("raw", ["a.vn,,b.vn", "a.vn,", ",a.vn"])
def test_env_list_refuses_empty_items(raw):
    with pytest.raises(ImproperlyConfigured, match="HOSTS=.*empty item"):
        env_list("HOSTS", [], environ={"HOSTS": raw})


def test_env_choice_accepts_only_listed_values():
    assert env_choice("MODE", ("a", "b"), "a", environ={"MODE": "b"}) == "b"
    assert env_choice("MODE", ("a", "b"), "a", environ={}) == "a"
    with pytest.raises(ImproperlyConfigured, match="MODE='c' must be one of: a, b"):
        env_choice("MODE", ("a", "b"), "a", environ={"MODE": "c"})


def test_env_str_requires_a_value_without_default():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is required"):
        env_str("SECRET_KEY", environ={})
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is required"):
        env_str("SECRET_KEY", environ={"SECRET_KEY": "   "})
    assert env_str("NAME", "x", environ={}) == "x"


def test_env_url_accepts_listed_schemes():
    url = "postgres://u@db:5432/kc"
    assert env_url("DATABASE_URL", ("postgres", "sqlite"), environ={"DATABASE_URL": url}) == url
    assert env_url("DATABASE_URL", ("postgres",), environ={}) is None


@pytest.mark.parametrize("raw", ["mysql://u@db/kc", "db:5432/kc", "postgres://", "http//x"])
def test_env_url_refuses_other_schemes_and_garbage(raw):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must be a URL starting with"):
        env_url("DATABASE_URL", ("postgres", "postgresql"), environ={"DATABASE_URL": raw})
