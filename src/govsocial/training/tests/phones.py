"""Players on their own phones in browser tests: join a game by its link and choose."""

from govsocial.core.tests.browser import click_and_wait

PHONE = {"width": 390, "height": 844}


def join_on_phone(browser, live_server, join_url: str, role: str, name: str):
    """A phone-sized browser that takes `role` in the game behind `join_url`."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(join_url)
    phone.locator(f"#role-{role}").check()
    phone.locator("#id_name").fill(name)
    click_and_wait(phone, phone.locator("main button[type=submit]"))
    return context, phone


def choose_on_phone(phone, option_key: str) -> None:
    phone.reload()
    phone.locator(f"#option-{option_key}").check()
    click_and_wait(phone, phone.locator("main button[type=submit]"))
