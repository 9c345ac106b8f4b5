"""The Dockerfile and deploy/ checked without a container engine or a cluster.

- every shared library the binaries (codeenv, codeenv-zygote) load comes
  from a package the runtime image installs (or from the Swift toolchain,
  which the image links in);
- the Dockerfile's apt commands resolve against Debian 12 (apt-get
  --simulate) and its other commands run as a script in a scratch
  directory, with the steps that would change this machine logged instead;
- the image's HEALTHCHECK command tells a running server from a stopped one;
- the Kubernetes manifests validate against the API's own schemas.
"""

import re
import shlex
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from conftest import codeenv_binary

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
KUBERNETES_VERSION = "1.37.0"


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile as (KEYWORD, arguments), continuation lines joined."""
    joined, current = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        joined.append(current + line)
        current = ""
    return [(text.split(None, 1)[0].upper(), text.split(None, 1)[1].strip()) for text in joined]


def stages() -> list[list[tuple[str, str]]]:
    """The instructions of each stage, each list starting with its FROM."""
    result = []
    for keyword, arguments in instructions():
        if keyword == "FROM":
            result.append([])
        result[-1].append((keyword, arguments))
    return result


def apt_installs(stage) -> list[str]:
    """The `name=version` words of the stage's `apt-get install` commands."""
    packages = []
    for keyword, arguments in stage:
        for command in arguments.split("&&") if keyword == "RUN" else []:
            words = shlex.split(command)
            if words[:2] == ["apt-get", "install"]:
                packages += [word for word in words[2:] if not word.startswith("-")]
    return packages


def dependency_closure(packages) -> set[str]:
    """The packages apt installs for `packages`, themselves included."""
    output = subprocess.run(
        ["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts",
         "--no-breaks", "--no-replaces", "--no-enhances", *packages],
        check=True, capture_output=True, text=True).stdout
    return {line.split(":")[0] for line in output.splitlines() if line and not line[0].isspace() and not line.startswith("<")}


def base_image_packages() -> set[str]:
    """debian:bookworm-slim is Debian's `required` packages: those and their dependencies."""
    listing = subprocess.run(["dpkg-query", "-W", "-f", "${Package}\t${Priority}\n"],
                             check=True, capture_output=True, text=True).stdout
    return dependency_closure([name for name, priority in (line.split("\t") for line in listing.splitlines())
                               if priority == "required"])


def owning_package(library: Path) -> str | None:
    """The package that ships `library` (dpkg knows merged-/usr files under either path)."""
    text = str(library)
    candidates = {text, text.removeprefix("/usr"), "/usr" + text, str(library.resolve())}
    for path in candidates:
        found = subprocess.run(["dpkg-query", "-S", path], capture_output=True, text=True)
        if found.returncode == 0:
            return found.stdout.split(":")[0]
    return None


def linked_libraries(binary: str) -> list[Path]:
    output = subprocess.run(["ldd", binary], check=True, capture_output=True, text=True).stdout
    return [Path(match) for match in re.findall(r"=> (/\S+)", output)]


def test_the_runtime_image_installs_every_shared_library_of_the_binaries():
    build, runtime = stages()
    assert any("--static-swift-stdlib" in arguments for keyword, arguments in build if keyword == "RUN")
    installed = dependency_closure([package.split("=")[0] for package in apt_installs(runtime)]) | base_image_packages()
    server = Path(codeenv_binary())
    libraries = set(linked_libraries(str(server))) | set(linked_libraries(str(server.with_name("codeenv-zygote"))))
    missing = []
    for library in sorted(libraries):
        package = owning_package(library)
        if package is None:
            # A Swift toolchain library: --static-swift-stdlib links its archive in.
            static = library.resolve().parent.parent.parent / "swift_static" / "linux" / (library.stem + ".a")
            if not static.exists():
                missing.append(f"{library} (no package, and no static {static})")
        elif package not in installed:
            missing.append(f"{library} (from {package})")
    assert missing == []


def candidate_version(package):
    """The version `apt-get install` would pick now, or None if Debian 12 has no such package."""
    policy = subprocess.run(["apt-cache", "policy", package], capture_output=True, text=True, check=True).stdout
    for line in policy.splitlines():
        if line.strip().startswith("Candidate:"):
            version = line.split(":", 1)[1].strip()
            return None if version == "(none)" else version
    return None


def test_every_pinned_package_is_a_debian_12_package_at_its_current_or_an_earlier_version():
    """A pin at the candidate version installs as written; a pin that a
    Debian point or security update has since superseded is reported by
    the image build itself (bump it then), so it is not a failure here,
    where CI must not break on Debian's release schedule. A package that
    does not exist, or a pin newer than Debian has, is a typo."""
    for stage in stages():
        packages = apt_installs(stage)
        assert packages and all("=" in package for package in packages), "pin every package"
        for pinned in packages:
            name, version = pinned.split("=", 1)
            candidate = candidate_version(name)
            assert candidate is not None, f"{name} is not a Debian 12 package"
            newer = subprocess.run(["dpkg", "--compare-versions", version, "gt", candidate]).returncode == 0
            assert not newer, f"{pinned} is newer than Debian 12's {candidate}"


def test_the_dockerfiles_commands_run_as_a_script(tmp_path):
    """apt-get, swift, install and rm would change this machine: fakes on
    PATH log them, so the script checks that the commands chain, quote and
    expand as written."""
    fakes = tmp_path / "fakes"
    fakes.mkdir()
    log = tmp_path / "commands.log"
    for name in ["apt-get", "swift", "install", "rm"]:
        fake = fakes / name
        fake.write_text(f'#!/bin/bash\necho "{name} $*" >> "{log}"\n[ "$*" != "build -c release --show-bin-path" ] || echo /src/.build/release\n')
        fake.chmod(0o755)
    for stage in stages():
        script = "\n".join(["set -euo pipefail"] + [arguments for keyword, arguments in stage if keyword == "RUN"])
        subprocess.run(["bash", "-c", script], cwd=tmp_path, check=True,
                       env={"PATH": f"{fakes}:/usr/bin:/bin", "HOME": str(tmp_path)})
    commands = log.read_text().splitlines()
    assert commands[1].startswith("apt-get install -y --no-install-recommends libseccomp-dev=")
    assert "swift build -c release --static-swift-stdlib --product codeenv" in commands
    assert "swift build -c release --static-swift-stdlib --product codeenv-zygote" in commands
    assert "install -D -t /out /src/.build/release/codeenv /src/.build/release/codeenv-zygote" in commands
    # The glob expanded to this machine's apt lists.
    assert commands[-1].startswith("rm -rf /var/lib/apt/lists/")


def test_the_image_serves_on_8000_from_its_entry_point():
    runtime = dict(stages()[-1])
    assert runtime["EXPOSE"] == "8000"
    assert runtime["ENTRYPOINT"] == '["codeenv", "serve"]'
    assert "CODEENV_ENV=coding" in runtime["ENV"]


@pytest.fixture
def healthcheck():
    """The HEALTHCHECK's command, as the container would run it."""
    arguments = dict(stages()[-1])["HEALTHCHECK"]
    command = yaml.safe_load(arguments.split("CMD", 1)[1])
    return lambda port: subprocess.run(command, env={"CODEENV_PORT": str(port), "PATH": "/usr/bin:/bin"},
                                       capture_output=True, timeout=10).returncode


def test_the_healthcheck_passes_on_a_serving_server_and_fails_without_one(healthcheck, echo_url):
    assert healthcheck(echo_url.rsplit(":", 1)[1]) == 0
    assert healthcheck(9) != 0


def test_the_manifests_validate_against_kubernetes_schemas():
    manifests = sorted((ROOT / "deploy").glob("*.yaml"))
    kinds = []
    for manifest in manifests:
        for document in yaml.safe_load_all(manifest.read_text()):
            kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
            kinds.append(document["kind"])
    assert sorted(kinds) == ["Deployment", "HorizontalPodAutoscaler", "Ingress", "Service"]


def test_the_pods_probe_health_and_get_what_the_sandbox_needs():
    deployment = yaml.safe_load((ROOT / "deploy" / "deployment.yaml").read_text())
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/health"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert pod["hostUsers"] is False
    assert container["securityContext"]["capabilities"] == {"drop": ["ALL"], "add": ["SETUID", "SETGID"]}
    assert container["securityContext"]["procMount"] == "Unmasked"
