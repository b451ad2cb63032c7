"""What a browser would send for a page's form: for tests that post the way people do
(hidden inputs included, such as an edit form's revision and its started-from values)."""

from html.parser import HTMLParser


class _Form(HTMLParser):
    """The values a browser would send for the page's form (the one with `submit_name`)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.attributes: list[dict[str, str]] = []  # each form's own (action, method, enctype)
        self.files: list[list[str]] = []  # each form's file inputs
        self._textarea: list | None = None
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.forms.append([])
            self.attributes.append(a)
            self.files.append([])
        elif not self.forms or "name" not in a and tag != "option":
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind == "file":
                self.files[-1].append(a["name"])
                return
            if kind == "submit":
                return
            self.forms[-1].append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.forms[-1].append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.forms[-1].append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_data(response, index: int = -1) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in _Form(response.content.decode()).forms[index]:
        data.setdefault(name, []).append(value)
    return data


def edited(data: dict[str, list[str]], **values: str) -> dict[str, list[str]]:
    return {**data, **{k: [v] for k, v in values.items()}}
