#!/bin/sh
# Releases the platform to the cluster kubectl points at, in the order migrations need:
#   deploy/k8s/release.sh deploy/k8s/overlays/<yours>
# 1. the settings (ConfigMaps, Secrets) and network policies, 2. each service's migrate Job,
# from scratch (a Job's template is immutable), waited for, 3. everything else: new web and
# worker pods start only on a migrated database. Stops at the first failure.
set -eu
overlay=${1:?usage: release.sh OVERLAY_FOLDER}
kubectl=${KUBECTL:-kubectl}
rendered=$(mktemp)
trap 'rm -f "$rendered"' EXIT
"$kubectl" kustomize "$overlay" >"$rendered"
namespace=$(awk '/^kind: Namespace/{found=1} found && /^  name:/{print $2; exit}' "$rendered")
namespace=${namespace:-$("$kubectl" config view --minify -o jsonpath='{..namespace}')}
ns="--namespace=${namespace:-default}"

"$kubectl" apply -f "$rendered" --selector='!app.kubernetes.io/component' # settings, policies
"$kubectl" delete job $ns --selector=app.kubernetes.io/component=migrate --ignore-not-found --wait
"$kubectl" apply -f "$rendered" --selector=app.kubernetes.io/component=migrate
"$kubectl" wait job $ns --selector=app.kubernetes.io/component=migrate \
    --for=condition=complete --timeout=10m
"$kubectl" apply -f "$rendered"
"$kubectl" rollout status deployment $ns --selector=app.kubernetes.io/part-of=dialog --timeout=10m
