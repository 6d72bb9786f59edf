#!/bin/sh
# Writes the Kubernetes manifests of one service into OUT, from the registrations manifests
# beside this script (the pattern: only the service's name, its port and its image differ).
#   deploy/k8s/render.sh events /tmp/k8s/events
#   IMAGE=registry.example.org/dialog-events:1.4.0 deploy/k8s/render.sh events /tmp/k8s/events
set -eu
usage="usage: [IMAGE=...] render.sh events|registrations|notifications|mediation OUT"
service=${1:?$usage}
out=${2:?$usage}
case "$service" in  # DEFAULT_PORTS in shared/dialog_platform/config.py
    events) port=8001 ;;
    registrations) port=8002 ;;
    notifications) port=8003 ;;
    mediation) port=8004 ;;
    *) echo "$usage" >&2; exit 2 ;;
esac
here=$(dirname "$0")
upper=$(echo "$service" | tr '[:lower:]' '[:upper:]')
image=${IMAGE:-registry.example.org/dialog-$service:0.1.0}
mkdir -p "$out"
written=""
for file in configmap.yaml secret.yaml.template migrate-job.yaml web.yaml relay.yaml consume.yaml; do
    sed -e "s|registry.example.org/dialog-registrations:0.1.0|$image|g" \
        -e "s/registrations/$service/g" -e "s/REGISTRATIONS/$upper/g" -e "s/8002/$port/g" \
        "$here/$file" >"$out/$file"
    written="$written $file"
done
echo "$out:$written"
