import sys

from govsocial.core.management.commands.serve import gunicorn_arguments


def _option(arguments, name):
    return arguments[arguments.index(name) + 1] if name in arguments else None


def test_gunicorn_keeps_its_control_socket_in_the_data_folder(tmp_path):
    arguments = gunicorn_arguments("127.0.0.1:8000", 3, 1, tmp_path)
    assert arguments[:4] == [sys.executable, "-m", "gunicorn", "govsocial.wsgi:application"]
    assert _option(arguments, "--control-socket") == str(tmp_path / "gunicorn.ctl")
    assert _option(arguments, "--control-socket-mode") == "0o600"
    assert "--no-control-socket" not in arguments
    assert (_option(arguments, "--bind"), _option(arguments, "--workers")) == (
        "127.0.0.1:8000",
        "3",
    )


def test_two_data_folders_get_two_control_sockets(tmp_path):
    first = gunicorn_arguments("127.0.0.1:8000", 1, 1, tmp_path / "a")
    second = gunicorn_arguments("127.0.0.1:8001", 1, 1, tmp_path / "b")
    assert _option(first, "--control-socket") != _option(second, "--control-socket")


def test_gunicorn_has_no_control_socket_when_the_data_folder_path_is_too_long(tmp_path):
    deep = tmp_path / ("x" * 120)
    arguments = gunicorn_arguments("127.0.0.1:8000", 1, 1, deep)
    assert "--no-control-socket" in arguments
    assert "--control-socket" not in arguments


def test_the_installed_gunicorn_knows_the_control_socket_options():
    import subprocess

    help_text = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "--control-socket" in help_text and "--no-control-socket" in help_text
