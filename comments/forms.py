import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms

from comments import moderation
from comments.models import Comment, Report, Subscription
from comments.spam import HONEYPOT_FIELD, TokenError, check_token

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NOTIFY_FIELDS = {"notify_replies": Subscription.Kind.REPLIES, "notify_approved": Subscription.Kind.APPROVED,
                 "notify_featured": Subscription.Kind.FEATURED}
MAIL_NOTE = ('<p class="form-text">The first time you comment from this browser we mail you one link '
             "to confirm the address is yours; after that, only what you tick here. Every mail has a "
             "one-click unsubscribe.</p>")
REPLY_REFUSED = "You can only reply to a published comment on this article that still takes replies."


def one_line(value):
    """Names and addresses are one line: no CR/LF (header injection), no control characters."""
    return " ".join(CONTROL_CHARACTERS.sub("", value).split())


def same_words(text):
    """What a duplicate is compared by: the words, whatever the spacing and capitals around them."""
    return " ".join(text.split()).casefold()


class CommentForm(forms.ModelForm):
    """A reader's comment on `article`. Like django-contrib-comments' form, it checks its own
    signed token, its parent and whether it repeats an earlier comment: a valid form may be
    stored. Refusals that concern no field on the page carry a code (`refusal_code`)."""

    token = forms.CharField(widget=forms.HiddenInput, required=False)
    parent = forms.CharField(widget=forms.HiddenInput, required=False)
    author_url = forms.URLField(
        label="Website", required=False, max_length=200, assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url", "maxlength": 200}),
        error_messages={"invalid": "Please give a full web address, like https://example.com.",
                        "max_length": "Web addresses can be at most %(limit_value)d characters."},
    )
    remember = forms.BooleanField(
        required=False,
        label="Save my name, email, and website in this browser for the next time I comment.",
    )

    notify_replies = forms.BooleanField(required=False, label="Replies to my comment")
    notify_approved = forms.BooleanField(required=False, label="My comment is approved")
    notify_featured = forms.BooleanField(required=False, label="My comment is made an editor's pick")

    class Meta:
        model = Comment
        fields = ["body", "author_name", "author_email", "author_url"]
        labels = {"body": "Comment", "author_name": "Name", "author_email": "Email",
                  "author_url": "Website"}
        help_texts = {"author_email": ""}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
            "author_name": forms.TextInput(attrs={"autocomplete": "name", "maxlength": 100}),
            "author_email": forms.EmailInput(attrs={"autocomplete": "email", "maxlength": 254}),
        }
        error_messages = {
            "body": {"required": "Please write your comment.",
                     "max_length": "Comments can be at most %(limit_value)d characters (this one has "
                                   "%(show_value)d)."},
            "author_name": {"required": "Please give your name.",
                            "max_length": "Names can be at most %(limit_value)d characters."},
            "author_email": {"required": "Please give your email address (it will not be published).",
                             "invalid": "Please give a valid email address, like name@example.com."},
        }

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.form_token = None
        self.parent_comment = None
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False, label="Leave this field empty",
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("body"), Field("author_name"), Field("author_email"), Field("author_url"),
            Field("remember"),
            Fieldset("Mail me when… (optional)", Field("notify_replies"), Field("notify_approved"),
                     Field("notify_featured"), HTML(MAIL_NOTE), css_class="comment-notify"),
            Div(Field(HONEYPOT_FIELD), css_class="comment-hp", aria_hidden="true"),
        )  # the hidden token and parent are written by templates/comments/_form.html

    @property
    def notifications(self):
        """The Subscription kinds the reader ticked."""
        return [kind for name, kind in NOTIFY_FIELDS.items() if self.cleaned_data.get(name)]

    @property
    def honeypot_filled(self):
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    @property
    def refusal_code(self):
        """Why the form was refused: "closed", None (fields on the page to correct), "token",
        "parent" or "duplicate" — the first that applies."""
        codes = {error.code for error in self.non_field_errors().as_data()}
        if "closed" in codes:
            return "closed"
        if any(field.errors for field in self.visible_fields()):
            return None
        return next((name for name in ("token", "parent") if name in self.errors), None) or next(iter(codes))

    @property
    def refusal_message(self):
        code = self.refusal_code
        if code is None:
            return "Please correct the fields marked below."
        errors = self.errors.get(code) if code in ("token", "parent") else self.non_field_errors()
        return errors[0]

    def clean_token(self):
        try:
            self.form_token = check_token(self.cleaned_data["token"], self.article.pk)
        except TokenError as error:
            raise forms.ValidationError(str(error), code="token") from None
        return self.cleaned_data["token"]

    def clean_parent(self):
        parent_id = self.cleaned_data["parent"].strip()
        if not parent_id:
            return None
        # isdecimal, not isdigit: "²" is a digit that int() refuses; and no id has 19 digits
        is_an_id = parent_id.isascii() and parent_id.isdecimal() and len(parent_id) < 19
        parent = Comment.objects.filter(pk=int(parent_id), article=self.article).first() if is_an_id else None
        if parent is None or not moderation.may_reply_to(parent):
            raise forms.ValidationError(REPLY_REFUSED, code="parent")
        self.parent_comment = parent
        return parent.pk

    def clean_author_name(self):
        name = one_line(self.cleaned_data["author_name"])
        if not name:
            raise forms.ValidationError("Please give your name.")
        return name

    def clean_author_email(self):
        return one_line(self.cleaned_data["author_email"])

    def clean_body(self):
        body = CONTROL_CHARACTERS.sub("", self.cleaned_data["body"]).strip()
        if not body:
            raise forms.ValidationError("Please write your comment.")
        return body

    def clean(self):
        cleaned = super().clean()
        if not moderation.comments_open(self.article):
            raise forms.ValidationError("Comments are closed on this article.", code="closed")
        email, body = cleaned.get("author_email"), cleaned.get("body")
        if email and body and self._repeats_an_earlier_comment(email, body):
            raise forms.ValidationError(
                "Duplicate comment detected: it looks as though you have already said that.", code="duplicate"
            )
        return cleaned

    def _repeats_an_earlier_comment(self, email, body):
        earlier = Comment.objects.filter(article=self.article).by_email(email).values_list("body", flat=True)
        words = same_words(body)
        return any(same_words(text) == words for text in earlier.iterator())

    def new_comment(self, **fields):
        """The comment this valid form describes, not yet stored."""
        comment = self.save(commit=False)
        comment.article = self.article
        comment.parent = self.parent_comment
        for name, value in fields.items():
            setattr(comment, name, value)
        return comment


class ReportForm(forms.ModelForm):
    """A reader's report on a published comment: why, and optionally more in their own words."""

    reason = forms.ChoiceField(
        label="Why should a moderator look at this comment?", choices=Report.Reason.choices,
        widget=forms.RadioSelect, error_messages={"required": "Please choose a reason."},
    )

    class Meta:
        model = Report
        fields = ["reason", "text"]
        labels = {"text": "Anything else a moderator should know (optional)"}
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "maxlength": 500})}
        error_messages = {"text": {"max_length": "Please keep it to %(limit_value)d characters."}}

    def clean_text(self):
        return CONTROL_CHARACTERS.sub("", self.cleaned_data["text"]).strip()
