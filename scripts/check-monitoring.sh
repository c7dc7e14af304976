#!/usr/bin/env bash
# Checks deploy/prometheus and deploy/grafana with promtool: the alert rules parse (check rules) and fire as their
# unit tests say (test rules), the example Prometheus configuration loads them (check config), and every PromQL
# expression of the dashboard parses (as recording rules, Grafana's variables replaced). That the metrics they name
# exist is dev-stack's MonitoringIT. promtool comes from PATH, else from the Debian package `prometheus`, unpacked
# into ~/.cache/talk-mesh (only the promtool binary: installing the package would start a Prometheus daemon).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

promtool=$(command -v promtool || true)
if [ -z "$promtool" ]; then
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/talk-mesh/prometheus"
  promtool="$cache/usr/bin/promtool"
  if [ ! -x "$promtool" ]; then
    # a package apt already holds, else a download (which needs the package lists: fetched only when it fails)
    deb=$(ls /var/cache/apt/archives/prometheus_*.deb 2>/dev/null | tail -n 1 || true)
    if [ -z "$deb" ]; then
      if ! (cd "$work" && apt-get download prometheus >/dev/null 2>&1); then
        apt-get update -qq >/dev/null
        (cd "$work" && apt-get download prometheus >/dev/null 2>&1)
      fi
      deb=$(ls "$work"/prometheus_*.deb)
    fi
    mkdir -p "$cache"
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$cache" ./usr/bin/promtool
    echo "promtool unpacked from $(basename "$deb") into $cache"
  fi
fi
"$promtool" --version 2>&1 | head -n 1

"$promtool" check rules deploy/prometheus/alerts.yml
"$promtool" test rules deploy/prometheus/alerts.test.yml
"$promtool" check config deploy/prometheus/prometheus.yml

panels="$work/dashboard-rules.yml"
jq '{groups: [{name: "dashboard", rules: [[.panels[] | recurse(.panels[]?) | .title as $title | .targets[]?
      | select(has("expr")) | {title: $title, expr}] | to_entries[]
      | {record: "dashboard:target_\(.key)", labels: {panel: .value.title},
         expr: (.value.expr | gsub("\\$__rate_interval"; "5m") | gsub("\\$\\{?[A-Za-z_]+\\}?"; "x"))}]}]}' \
  deploy/grafana/talk-mesh.json > "$panels"
echo "deploy/grafana/talk-mesh.json: $(jq '.groups[0].rules | length' "$panels") target expressions"
"$promtool" check rules "$panels" || {
  jq -r '.groups[0].rules[] | "\(.record) (panel \(.labels.panel)): \(.expr)"' "$panels" >&2
  exit 1
}
