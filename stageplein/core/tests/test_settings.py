import os
import subprocess
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parents[3]


def run_manage(*args, env_extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE, env=env, capture_output=True, text=True
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DEBUG": "false",
            "SECRET_KEY": "k" * 20 + "Zq8#pL2@vN5$wR7!xT4%yU6^aB9&cD1*eF3",
            "ALLOWED_HOSTS": "stageplein.example.nl",
            "EMAIL_HOST": "smtp.example.nl",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env_extra={"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_mail_server():
    result = run_manage(
        "check",
        env_extra={
            "DEBUG": "false",
            "SECRET_KEY": "mail-test-key-Zq8pL2vN5wR7xT4yU6aB9cD1eF3gH5jK7mNpQ",
            "ALLOWED_HOSTS": "x.nl",
        },
    )
    assert result.returncode != 0
    assert "EMAIL_HOST" in result.stderr


def test_development_mail_in_the_terminal_keeps_links_in_one_piece():
    import io

    from django.core.mail import EmailMessage

    from stageplein.core.mail import ConsoleEmailBackend

    link = "http://127.0.0.1:8000/inloggen/link/" + "Ab3-" * 30 + "/"
    stream = io.StringIO()
    ConsoleEmailBackend(stream=stream).send_messages(
        [EmailMessage("Je inloglink", f"Gebruik deze link:\n\n{link}\n", to=["ouder@thuis.test"])]
    )
    printed = stream.getvalue()
    assert link in printed
    assert "To: ouder@thuis.test" in printed


def test_secret_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s" * 20 + "Zq8#pL2@vN5$wR7!xT4%yU6^aB9&cD1*eF3gH")
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DEBUG": "false",
            "SECRET_KEY_FILE": str(secret),
            "ALLOWED_HOSTS": "x.nl",
            "EMAIL_HOST": "smtp.example.nl",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_carry_a_content_security_policy_without_unsafe_inline(client, db):
    # db: the about page reads the hour norms from the database.
    response = client.get("/over/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "object-src 'none'" in policy


def test_debug_is_off_when_the_variable_is_unset():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEBUG")}
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.DEBUG)",
        ],
        cwd=BASE,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "stageplein.settings",
            "SECRET_KEY": "unset-debug-key-Zq8pL2vN5wR7xT4yU6aB9cD1eF3gH5jK7mNpQ",
            "EMAIL_HOST": "smtp.example.nl",
        },
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"


def test_production_refuses_to_start_with_a_weak_secret_key():
    for weak in ("k" * 50, "short-key", "django-insecure-" + "abcdefghij" * 5):
        result = run_manage(
            "check",
            env_extra={
                "DEBUG": "false",
                "SECRET_KEY": weak,
                "ALLOWED_HOSTS": "x.nl",
                "EMAIL_HOST": "smtp.example.nl",
            },
        )
        assert result.returncode != 0, weak
        assert "SECRET_KEY is weak" in result.stderr
