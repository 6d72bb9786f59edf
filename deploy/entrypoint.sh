#!/bin/sh
# Entrypoint of a Dialog service image. `<image> <role or command> ...` (web, relay, consume,
# schedule, expire-holds, retain, migrate, dead-letters, rotate-keys)
# runs `dialog-$DIALOG_SERVICE ...` as PID 1 (it gets SIGTERM directly); any other command
# (`sh`, `dialog token --role admin`, `python ...`) runs as given.
set -eu

case "${1:-}" in
    web | relay | consume | schedule | expire-holds | retain | migrate | dead-letters | rotate-keys | --help)
        # prometheus-client's multi-process mode needs an empty folder at each start: files of
        # an earlier run of this container would be counted again.
        if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
            mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
            find "$PROMETHEUS_MULTIPROC_DIR" -mindepth 1 -delete
        fi
        exec "dialog-${DIALOG_SERVICE:?the image sets DIALOG_SERVICE}" "$@"
        ;;
    *)
        exec "$@"
        ;;
esac
