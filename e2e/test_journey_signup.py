"""A new person signs up, confirms the e-mail address from the mail, and lands signed in."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

NEW_PASSWORD = "Ein-sicheres-Passwort-2026"


def sign_up(ui, email_address: str, password: str = NEW_PASSWORD):
    """Sign up through the form and confirm via the link in the mail; ends signed in."""
    ui.goto("/konto/signup/")
    form = ui.page.locator("form").filter(has=ui.page.locator("input[name=password1]"))
    form.locator("input[name=email]").fill(email_address)
    form.locator("input[name=name]").fill("Erika Muster")
    form.locator("input[name=function]").fill("Hauptamt")
    form.locator("input[name=password1]").fill(password)
    form.locator("input[name=password2]").fill(password)
    ui.submit(form.locator("button[type=submit]").last)
    link = ui.link_in_last_mail(email_address, r"https?://\S+/konto/confirm-email/\S+/")
    ui.goto(urlsplit(link).path)
    ui.submit(ui.page.locator("form[action*='confirm-email'] button[type=submit]"))


def test_sign_up_confirm_email_and_see_the_account(ui):
    sign_up(ui, "neu@start-up.example")
    ui.goto("/konto/")
    expect(ui.page.locator("main")).to_contain_text("neu@start-up.example")
    ui.screenshot("account-1280")
