"""Perform the Dockerfile's build steps on this machine, without Docker, in a clean folder.

The Docker engine does not run on our development machines, so this reads the Dockerfile
and carries out its instructions: each stage gets its own folder under OUT, `WORKDIR /app`
is that folder's app/, COPY takes files from the committed tree (what a clean clone has)
or from an earlier stage, ENV is added to the environment of later RUN steps, and RUN runs
with bash. Two things stand in for the base images: the host's python3 and node must have
the versions the FROM lines name, and `apt-get install` steps are checked (the packages
must be installed here) instead of run. At the end it prints the final stage's folder,
environment and CMD, which tests/test_docker_build.py starts.

    python scripts/docker_dry_run.py OUT
"""

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE_IMAGES = {"python": ["python3", "--version"], "node": ["node", "--version"]}


@dataclass
class Stage:
    name: str
    root: Path
    workdir: Path
    env: dict[str, str] = field(default_factory=dict)
    cmd: list[str] = field(default_factory=list)


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", dockerfile.read_text())
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            pairs.append((keyword.upper(), rest.strip()))
    return pairs


def check_base_image(image: str) -> None:
    """The host tool must have the image's version (python:3.11-slim -> Python 3.11.x)."""
    name, _, tag = image.partition(":")
    version = re.match(r"[\d.]+", tag).group(0)
    found = subprocess.run(BASE_IMAGES[name], capture_output=True, text=True, check=True).stdout
    if not re.search(rf"\b{re.escape(version)}[.\d]*\b", found):
        sys.exit(f"FROM {image}: this machine has {found.strip()}")


def check_apt(command: str) -> bool:
    """For an apt-get step, check that its packages are installed; True if it was one."""
    if not command.startswith("apt-get update"):
        return False
    install = re.search(r"apt-get install ([^&]+)", command).group(1).split()
    for package in (p for p in install if not p.startswith("-")):
        status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
        if "ok installed" not in status.stdout:
            sys.exit(f"RUN {command}: Debian package {package} is not installed here")
    return True


def container_path(stage: Stage, path: str) -> Path:
    """A path inside the image, mapped into the stage's folder."""
    return stage.root / path.lstrip("/") if path.startswith("/") else stage.workdir / path


def copy(sources: list[Path], destination: Path) -> None:
    if len(sources) > 1 or str(destination).endswith("/"):
        destination.mkdir(parents=True, exist_ok=True)
    for source in sources:
        target = destination / source.name if destination.is_dir() else destination
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def committed_tree(out: Path) -> Path:
    """The build context: the files git tracks, as a clean clone has them."""
    context = out / "context"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        if (ROOT / name).is_file():
            (context / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, context / name)
    return context


def build(out: Path) -> Stage:
    context = committed_tree(out)
    stages: dict[str, Stage] = {}
    stage = None
    for keyword, args in instructions(ROOT / "Dockerfile"):
        if keyword == "FROM":
            image, _, name = args.partition(" AS ")
            check_base_image(image.strip())
            root = out / name.strip()
            stage = stages[name.strip()] = Stage(name.strip(), root, root)
            print(f"== stage {stage.name} ({image.strip()})", flush=True)
        elif keyword == "WORKDIR":
            stage.workdir = container_path(stage, args)
            stage.workdir.mkdir(parents=True, exist_ok=True)
        elif keyword == "COPY":
            words = shlex.split(args)
            if words[0].startswith("--from="):
                other = stages[words.pop(0).split("=", 1)[1]]
                *sources, destination = words
                paths = [container_path(other, s) for s in sources]
            else:
                *sources, destination = words
                paths = [context / s for s in sources]
            copy(paths, container_path(stage, destination))
        elif keyword == "ENV":
            stage.env.update(dict(pair.split("=", 1) for pair in shlex.split(args)))
        elif keyword == "RUN":
            print(f"$ {args}", flush=True)
            if check_apt(args) or args.startswith("useradd"):
                continue  # the base image's packages and users are this machine's
            subprocess.run(["bash", "-c", args], cwd=stage.workdir, env={**os.environ, **stage.env}, check=True)
        elif keyword == "CMD":
            stage.cmd = json.loads(args)
        elif keyword not in ("USER", "EXPOSE"):
            sys.exit(f"{keyword}: not understood by this dry run; teach it")
    return stage


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="an empty folder to build in")
    args = parser.parse_args()
    final = build(args.out.resolve())
    print(json.dumps({"workdir": str(final.workdir), "env": final.env, "cmd": final.cmd}))


if __name__ == "__main__":
    main()
