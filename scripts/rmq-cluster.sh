#!/bin/sh
# A 3-node RabbitMQ cluster for tests (tm1..tm3@localhost on 127.0.0.1:5681-5683), beside and never instead of the
# machine's own broker on 5672. The node helpers (rmq_start_node, rmqctl: private cookie, empty env file, per-node
# config, /usr/lib/rabbitmq/bin only) come from the project's cluster reference, sourced from
# $TALK_CLUSTER_INFRA (default: ../shared/reference/cluster-infra beside the checkout); up and down follow its
# rmq-up.sh / rmq-down.sh. State lives in $RMQ_DIR (default /var/tmp/talk-rmq-it).
#   up | down | kill <i> | start <i> | leader <queue> | node-of <connection name> | queues
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
infra=${TALK_CLUSTER_INFRA:-$here/../shared/reference/cluster-infra}
[ -f "$infra/rmq-env.sh" ] || { echo "no $infra/rmq-env.sh (set TALK_CLUSTER_INFRA)" >&2; exit 2; }
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || { echo "no /usr/lib/rabbitmq/bin/rabbitmq-server" >&2; exit 2; }
export RMQ_DIR=${RMQ_DIR:-/var/tmp/talk-rmq-it}
. "$infra/rmq-env.sh"

# ours <pid> <i>: the process is node tm<i> (its environment names it), so signalling it touches nothing else
ours() { { tr "\0" "\n" < /proc/$1/environ; } 2>/dev/null | grep -qx "RABBITMQ_NODENAME=tm$2@localhost"; }
alive() { for i in 1 2 3; do f=$RMQ_BASE/tm$i/pid; [ -f "$f" ] && ours "$(cat "$f")" $i && { echo $i; return 0; }; done; return 1; }

case "${1:-}" in
  up)
    for p in 5681 5682 5683 25681 25682 25683; do
      if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "port $p is taken: another cluster runs" >&2; exit 3; fi
    done
    rm -rf "$RMQ_BASE"; mkdir -p "$RMQ_HOME"; : > "$RMQ_BASE/empty-env.conf"
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-F > "$RMQ_HOME/.erlang.cookie"
    chmod 400 "$RMQ_HOME/.erlang.cookie"
    for i in 1 2 3; do rmq_start_node $i >/dev/null; done
    for i in 2 3; do
      rmqctl -q -n tm$i@localhost stop_app
      rmqctl -q -n tm$i@localhost join_cluster tm1@localhost
      rmqctl -q -n tm$i@localhost start_app
    done
    rmqctl -q -n tm1@localhost await_online_nodes 3 --timeout 60
    ;;
  down)
    for i in 1 2 3; do
      f=$RMQ_BASE/tm$i/pid; [ -f "$f" ] || continue
      pid=$(cat "$f")
      if ours "$pid" $i; then
        rmqctl -n tm$i@localhost stop "$f" >/dev/null 2>&1 || true
        if ours "$pid" $i; then kill -9 "$pid"; fi
      fi
    done
    rm -rf "$RMQ_BASE"
    ;;
  kill)
    f=$RMQ_BASE/tm$2/pid; pid=$(cat "$f")
    ours "$pid" "$2" || { echo "pid $pid is not tm$2" >&2; exit 1; }
    kill -9 "$pid"; echo "$pid"
    ;;
  start)
    rmq_start_node "$2" >/dev/null
    rmqctl -q -n tm$2@localhost await_online_nodes 3 --timeout 60
    ;;
  leader)
    i=$(alive); rmqctl -q -n tm$i@localhost list_queues name leader --no-table-headers | awk -v q="$2" '$1==q{print $2}' \
      | sed -n 's/^tm\([0-9]\)@localhost$/\1/p'
    ;;
  node-of)
    # the connection's name is "client -> 127.0.0.1:568<i>": the node's port says which node it is on
    i=$(alive); rmqctl -q -n tm$i@localhost list_connections client_properties name --no-table-headers \
      | grep -F "$2" | sed -n 's/.*-> 127\.0\.0\.1:568\([0-9]\).*/\1/p' | head -1
    ;;
  queues)
    i=$(alive); rmqctl -q -n tm$i@localhost list_queues name type leader members online messages --no-table-headers
    ;;
  *) echo "usage: $0 up|down|kill <i>|start <i>|leader <queue>|node-of <connection name>|queues" >&2; exit 2 ;;
esac
