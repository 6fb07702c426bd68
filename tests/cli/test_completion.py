"""`warroom completion`: static scripts that complete groups and sub-commands in the shell."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.conftest import Run


def complete(script: Path, *words: str) -> list[str]:
    program = (
        f"source {script}; COMP_WORDS=({' '.join(words)}); "
        f"COMP_CWORD={len(words) - 1}; _warroom; echo ${{COMPREPLY[@]}}"
    )
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=True)
    return done.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_groups_and_their_commands(run: Run, tmp_path: Path) -> None:
    generated = run("completion", "bash")
    assert generated.code == 0
    script = tmp_path / "warroom.bash"
    script.write_text(generated.out)
    assert complete(script, "warroom", "inc") == ["incident"]
    assert complete(script, "warroom", "con") == ["context"]
    assert "declare" in complete(script, "warroom", "incident", "")
    assert complete(script, "warroom", "oncall", "wh") == ["who"]
    assert "python" not in generated.out


def test_fish_and_zsh_scripts_and_a_bad_shell(run: Run) -> None:
    fish = run("completion", "fish").out
    assert 'complete -c warroom -f -n "__fish_seen_subcommand_from incident"' in fish
    assert run("completion", "zsh").out.startswith("autoload -U +X bashcompinit")
    bad = run("completion", "tcsh")
    assert bad.code == 2 and "hint: Use bash, zsh or fish." in bad.err
