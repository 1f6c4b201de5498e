"""Issue 18 (8): one-line fields refuse control characters, e-mail subjects are one line, and
one bad message never stops a batch of e-mails."""

from __future__ import annotations

import pytest
from django import forms
from django.core import mail

from khuyencong.form_fields import MESSAGE
from khuyencong.models import Notification
from khuyencong.notifications import notify
from khuyencong.tasks import send_notification_emails
from proposals.forms.facilities import FacilityRegistrationForm
from proposals.forms.submission import ProposalForm
from tests.factories import DitFactory

BAD = ["Cơ sở A\nBcc: x@example.com", "Tab\tở giữa", "CR\rở giữa", "bidi \u202eabc", "LS\u2028x"]


@pytest.mark.parametrize("value", BAD, ids=repr)
def test_a_one_line_field_refuses_control_characters_in_vietnamese(value):
    with pytest.raises(forms.ValidationError) as refused:
        forms.CharField().clean(value)
    assert refused.value.messages == [str(MESSAGE)]


def test_a_multi_line_box_keeps_its_line_breaks():
    field = forms.CharField(widget=forms.Textarea)
    assert field.clean("Dòng 1\r\nDòng 2\tcột") == "Dòng 1\r\nDòng 2\tcột"


def test_vietnamese_text_is_not_a_control_character():
    assert forms.CharField().clean("Cơ sở chế biến Hoàng Long – “mứt” ½") == (
        "Cơ sở chế biến Hoàng Long – “mứt” ½"
    )


@pytest.mark.django_db
def test_the_registration_form_refuses_a_facility_name_with_a_line_break():
    form = FacilityRegistrationForm(data={"name": "Cơ sở A\nSubject: hỏng"})
    assert not form.is_valid()
    assert form.errors["name"] == [str(MESSAGE)]


@pytest.mark.django_db
def test_the_proposal_form_refuses_a_title_with_a_tab_but_keeps_multi_line_fields():
    form = ProposalForm(data={"title": "Máy\tsấy"})
    form.is_valid()
    assert form.errors["title"] == [str(MESSAGE)]


@pytest.mark.django_db
def test_a_notification_subject_is_flattened(django_capture_on_commit_callbacks):
    user = DitFactory(email="dit@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], subject=lambda: "Đề án của Cơ sở A\r\nBcc: x@example.com")
    assert Notification.objects.get().subject == "Đề án của Cơ sở A Bcc: x@example.com"
    assert mail.outbox[0].subject == "Đề án của Cơ sở A Bcc: x@example.com"


@pytest.mark.django_db
def test_one_bad_message_does_not_stop_the_batch(monkeypatch):
    users = [DitFactory(email=f"u{i}@example.vn") for i in range(3)]
    notes = [
        Notification.objects.create(recipient=u, subject=f"Thông báo {i}", email_wanted=True)
        for i, u in enumerate(users)
    ]
    # A row written before the flattening: its subject still holds a line break.
    Notification.objects.filter(pk=notes[0].pk).update(subject="Cũ\nhỏng")
    from khuyencong import tasks

    real = tasks.send_mail

    def send_mail(**kwargs):
        if kwargs["recipient_list"] == ["u1@example.vn"]:
            raise ValueError("the mailer refuses this message")
        return real(**kwargs)

    monkeypatch.setattr(tasks, "send_mail", send_mail)
    assert send_notification_emails([n.pk for n in notes]) == 2
    assert sorted(m.subject for m in mail.outbox) == ["Cũ hỏng", "Thông báo 2"]
    assert list(
        Notification.objects.filter(emailed_at__isnull=True).values_list("pk", flat=True)
    ) == [notes[1].pk]
