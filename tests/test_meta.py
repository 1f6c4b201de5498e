"""Tests about the tests: a test that cannot fail, or accepts any refusal, is refused here.

Every ``test_*`` function must check something: an ``assert``, ``pytest.raises``/``warns``,
a query-count helper (``django_assert_num_queries``, ``assertNumQueries``), or a call to a
helper of the suite that itself does one of these. Every ``pytest.raises(ServiceError)`` must
say which refusal it expects with ``match=``: a service refuses many things for many reasons,
and a bare ``raises`` passes on the wrong one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
# Calls that check by themselves; run_state_machine_as_test runs a machine whose @invariant
# and @rule methods assert after every step.
CHECKING_CALLS = {"raises", "warns", "fail", "approx", "run_state_machine_as_test"}


def _called_names(node: ast.AST) -> set[str]:
    names = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            f = n.func
            names.add(f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", ""))
        # ``with django_assert_num_queries(3):`` and fixtures used as context managers.
        if isinstance(n, ast.Name):
            names.add(n.id)
    return names


def _checks_directly(node: ast.AST) -> bool:
    if any(isinstance(n, ast.Assert) for n in ast.walk(node)):
        return True
    return any(
        name in CHECKING_CALLS or "assert" in name.lower() or name.startswith("expect")
        for name in _called_names(node)
    )


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def checking_helpers(trees: dict[Path, ast.AST]) -> set[str]:
    """Names of the suite's functions that check something, directly or through another."""
    functions = [f for tree in trees.values() for f in _functions(tree)]
    checking = {f.name for f in functions if _checks_directly(f)}
    grew = True
    while grew:
        grew = False
        for f in functions:
            if f.name not in checking and _called_names(f) & checking:
                checking.add(f.name)
                grew = True
    return checking


def assertion_less_tests(trees: dict[Path, ast.AST]) -> list[str]:
    checking = checking_helpers(trees)
    return [
        f"{path.relative_to(TESTS)}:{f.lineno} {f.name}"
        for path, tree in trees.items()
        if path.name.startswith("test_")
        for f in _functions(tree)
        if f.name.startswith("test_") and f.name not in checking
    ]


def unmatched_service_errors(trees: dict[Path, ast.AST]) -> list[str]:
    return [
        f"{path.relative_to(TESTS)}:{n.lineno}"
        for path, tree in trees.items()
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and getattr(n.func, "attr", getattr(n.func, "id", "")) == "raises"
        and n.args
        and getattr(n.args[0], "id", getattr(n.args[0], "attr", "")) == "ServiceError"
        and not any(k.arg == "match" for k in n.keywords)
    ]


def _suite() -> dict[Path, ast.AST]:
    return {p: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(TESTS.rglob("*.py"))}


def _parse(source: str) -> dict[Path, ast.AST]:
    return {TESTS / "test_example.py": ast.parse(source)}


def test_every_test_function_checks_something():
    assert assertion_less_tests(_suite()) == []


def test_every_service_error_expectation_names_its_message():
    assert unmatched_service_errors(_suite()) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("def test_it_runs():\n    run()\n", ["test_example.py:1 test_it_runs"]),
        (
            "def helper():\n    return 1\n\ndef test_it_helps():\n    helper()\n",
            ["test_example.py:4 test_it_helps"],
        ),
        ("def test_it_asserts():\n    assert run() == 2\n", []),
        ("def check(x):\n    assert x\n\ndef test_it_checks():\n    check(run())\n", []),
        ("def test_it_counts(django_assert_num_queries):\n"
         "    with django_assert_num_queries(2):\n        run()\n", []),
        ("def test_it_refuses():\n    with pytest.raises(ValueError):\n        run()\n", []),
    ],
)  # fmt: skip
def test_the_checker_finds_a_test_that_cannot_fail(source, found):
    assert assertion_less_tests(_parse(source)) == found


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("with pytest.raises(ServiceError):\n    run()\n", ["test_example.py:1"]),
        ("with pytest.raises(ServiceError) as e:\n    run()\n", ["test_example.py:1"]),
        ("with raises(exceptions.ServiceError):\n    run()\n", ["test_example.py:1"]),
        ("with pytest.raises(ServiceError, match='Vượt'):\n    run()\n", []),
        ("with pytest.raises(ValueError):\n    run()\n", []),
    ],
)
def test_the_checker_finds_a_refusal_accepted_whatever_its_message(source, found):
    assert unmatched_service_errors(_parse(source)) == found
