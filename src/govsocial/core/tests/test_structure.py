"""The shape of the code base: apps meet only through published contracts,
files and functions stay small enough to read, and nothing lists apps by hand."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2]  # src/govsocial
SHARED = {"core", "documents"}  # every app may build on these
MAX_FILE_LINES = 700
MAX_FUNCTION_LINES = 120


def _apps() -> list[str]:
    return sorted(p.parent.name for p in SRC.glob("*/apps.py"))


def _source_files(include_tests: bool = False):
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).parts
        if "migrations" in parts or (not include_tests and "tests" in parts):
            continue
        yield path


def _imported_modules(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                # `from govsocial.x import services` names the module govsocial.x.services
                yield node.lineno, f"{node.module}.{alias.name}"


def _forbidden(own_app: str, module: str) -> bool:
    parts = module.split(".")
    if parts[0] != "govsocial" or len(parts) < 2:
        return False
    other = parts[1]
    if other not in _apps() or other == own_app or other in SHARED and own_app != "core":
        return False
    if own_app == "core" or (own_app == "documents" and other != "core"):
        return True  # the shared apps never reach up into a capability
    # Another capability is read only through its published services contract.
    return parts[2:3] != ["services"] or len(parts) > 4


def test_apps_meet_only_through_published_services():
    leaks = []
    for path in _source_files():
        parts = path.relative_to(SRC).parts
        if len(parts) < 2:
            continue  # settings.py, urls.py: the project itself wires the apps together
        own_app = parts[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, module in _imported_modules(tree):
            if _forbidden(own_app, module):
                leaks.append(f"{path.relative_to(SRC)}:{line} imports {module}")
    assert not leaks, "\n".join(leaks)


def test_the_import_check_catches_a_model_import():
    assert _forbidden("training", "govsocial.policies.models.PolicyVersion")
    assert _forbidden("maturity", "govsocial.channels.services.health.compute")
    assert _forbidden("core", "govsocial.policies.services")
    assert not _forbidden("training", "govsocial.policies.services")
    assert not _forbidden("training", "govsocial.policies.services.published_policy")
    assert not _forbidden("training", "govsocial.core.models.Organisation")


def test_no_module_lists_apps_by_hand():
    offenders = []
    for path in _source_files(include_tests=True):
        if path == Path(__file__):
            continue
        text = path.read_text(encoding="utf-8")
        if 'import_module(f"govsocial.' in text or "PANEL_APPS" in text or "SEED_APPS" in text:
            offenders.append(str(path.relative_to(SRC)))
    assert not offenders, offenders


@pytest.mark.parametrize(
    "path", list(_source_files(include_tests=True)), ids=lambda p: str(p.relative_to(SRC))
)
def test_no_file_is_too_long_to_read(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_FILE_LINES, f"{path.relative_to(SRC)} has {lines} lines"


def _is_data(node: ast.AST | None) -> bool:
    """A value written out as data: literals, names and simple calls, no logic."""
    if node is None or isinstance(node, ast.Constant | ast.Name | ast.Attribute):
        return True
    if isinstance(node, ast.Dict):
        return all(_is_data(n) for n in [*node.keys, *node.values])
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return all(_is_data(n) for n in node.elts)
    if isinstance(node, ast.Starred | ast.keyword):
        return _is_data(node.value)
    if isinstance(node, ast.Call):
        return _is_data(node.func) and all(_is_data(n) for n in [*node.args, *node.keywords])
    return False


def _is_literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return True  # a docstring
    return isinstance(node, ast.Dict | ast.List | ast.Tuple | ast.Set) and _is_data(node)


def _literal_lines(node: ast.AST) -> int:
    if _is_literal(node):
        return (node.end_lineno or node.lineno) - node.lineno
    return sum(_literal_lines(child) for child in ast.iter_child_nodes(node))


def _function_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of a function, not counting its docstring and data literals."""
    total = (function.end_lineno or function.lineno) - function.lineno + 1
    return total - sum(_literal_lines(child) for child in function.body)


def test_no_function_is_too_long_to_read():
    long = []
    for path in _source_files(include_tests=True):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = _function_lines(node)
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name} ({lines})")
    assert not long, "\n".join(long)
