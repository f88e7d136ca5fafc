#!/usr/bin/env bash
# The partner flow of docs/partners/README.md with curl: events → card status → registration → retry with the
# same idempotency key → the same key with other content → offline capture → group visit → a refusal →
# cancellation. JSON is read with node (no jq needed).
#
#   GATEWAY_URL=http://localhost:4000/graphql API_KEY=kk_… bash docs/partners/examples/flow.sh
#
# Optional: EVENT_ID (default: the first upcoming event of your first client provider that the card may be used
# for), CARD (default AM99001000), GROUP_STAFF_CARD / GROUP_MEMBER_CARDS / REFUSED_CARD (demo cards by default).
# Each line printed is one step: "<step> key=value …". Exits non-zero when a step does not answer as expected.
set -euo pipefail

GATEWAY_URL="${GATEWAY_URL:-http://localhost:4000/graphql}"
API_KEY="${API_KEY:-kk_demo0001_kaikukanta-demo-partner-key-not-for-product}"
CARD="${CARD:-AM99001000}"
GROUP_STAFF_CARD="${GROUP_STAFF_CARD:-AM99001048}"
GROUP_MEMBER_CARDS="${GROUP_MEMBER_CARDS:-AM99001002 AM99001003}"
REFUSED_CARD="${REFUSED_CARD:-AM99001041}"

# gql QUERY [VARIABLES_JSON] — one POST; prints the JSON answer (errors included: they are part of the contract).
gql() {
  local body variables="${2:-}"
  [ -n "$variables" ] || variables='{}'
  body=$(node -e 'process.stdout.write(JSON.stringify({ query: process.argv[1], variables: JSON.parse(process.argv[2]) }))' "$1" "$variables")
  curl --silent --show-error --max-time 30 "$GATEWAY_URL" \
    -H 'content-type: application/json' \
    -H 'accept-language: en' \
    -H "authorization: Bearer $API_KEY" \
    --data-binary "$body"
}

# get EXPRESSION — reads the JSON on stdin and prints `r.<EXPRESSION>` (objects as JSON, missing as empty).
get() {
  node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const r = JSON.parse(s);
      const v = new Function("r", "return r." + process.argv[1])(r);
      console.log(v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
    });' "$1"
}

# fail MESSAGE ANSWER — stops the flow, showing the answer that did not match.
fail() { echo "FAILED: $1: $2" >&2; exit 1; }

# A fresh idempotency key for each new sale; a retry reuses the sale's key.
new_key() { node -p 'crypto.randomUUID()'; }

REGISTER='mutation ($input: RegisterUsageInput!) {
  registerUsage(input: $input) { replayed usages { id cardCode childTickets eventName eventDate capturedAt } } }'

# 1. Who am I, and which events may I register for (a ticket agent: its client providers' events, R18)?
me=$(gql '{ currentApiKey { name scopes organization { name clientProviders { id name upcomingEvents { id name kind startsAt cap } } } } }')
[ -n "$(get 'data.currentApiKey.name' <<<"$me")" ] || fail "currentApiKey" "$me"
echo "key name=\"$(get 'data.currentApiKey.name' <<<"$me")\" scopes=$(get 'data.currentApiKey.scopes.join(",")' <<<"$me")"

# 2. The event: EVENT_ID, or the first upcoming client event the card may be used for (usageCheck writes nothing).
CHECK='query ($input: CheckUsageInput!) { usageCheck(input: $input) { usable problems { code } } }'
EVENT="${EVENT_ID:-}"
if [ -z "$EVENT" ]; then
  for candidate in $(get 'data.currentApiKey.organization.clientProviders.flatMap((p) => p.upcomingEvents.filter((e) => e.kind !== "COURSE").map((e) => e.id)).join(" ")' <<<"$me"); do
    check=$(gql "$CHECK" "{\"input\":{\"eventId\":\"$candidate\",\"cardCode\":\"$CARD\",\"childTickets\":1}}")
    if [ "$(get 'data.usageCheck.usable' <<<"$check")" = "true" ]; then EVENT="$candidate"; break; fi
  done
fi
[ -n "$EVENT" ] || fail "no upcoming event to register for" "$me"
event=$(gql 'query ($id: ID!) { event(id: $id) { id name startsAt cap } }' "{\"id\":\"$EVENT\"}")
# The event's day is its Finnish calendar day.
DAY=$(node -p 'new Date(process.argv[1]).toLocaleDateString("sv-SE", { timeZone: "Europe/Helsinki" })' "$(get 'data.event.startsAt' <<<"$event")")
echo "event id=$EVENT day=$DAY cap=$(get 'data.event.cap' <<<"$event") name=\"$(get 'data.event.name' <<<"$event")\""

# 3. Card status on the event's day: only usable, kind, last valid day and child tickets (R29).
status=$(gql 'query ($code: String!, $on: Date) { cardStatus(code: $code, on: $on) { code usable reason kind lastValidDay childTicketLimit } }' \
  "{\"code\":\"$CARD\",\"on\":\"$DAY\"}")
[ "$(get 'data.cardStatus.usable' <<<"$status")" = "true" ] || fail "cardStatus" "$status"
echo "status code=$(get 'data.cardStatus.code' <<<"$status") usable=true kind=$(get 'data.cardStatus.kind' <<<"$status") lastValidDay=$(get 'data.cardStatus.lastValidDay' <<<"$status") childTicketLimit=$(get 'data.cardStatus.childTicketLimit' <<<"$status")"

# 4. Registration: one adult ticket (implied) and one child ticket, under a key made for this sale.
KEY=$(new_key)
SALE="{\"input\":{\"idempotencyKey\":\"$KEY\",\"eventId\":\"$EVENT\",\"cardCode\":\"$CARD\",\"childTickets\":1}}"
first=$(gql "$REGISTER" "$SALE")
USAGE_ID=$(get 'data.registerUsage.usages[0].id' <<<"$first")
[ -n "$USAGE_ID" ] || fail "registerUsage" "$first"
echo "registered usage=$USAGE_ID replayed=$(get 'data.registerUsage.replayed' <<<"$first") childTickets=$(get 'data.registerUsage.usages[0].childTickets' <<<"$first")"

# 5. The answer was lost? Send exactly the same request with the same key: the first answer, nothing written.
again=$(gql "$REGISTER" "$SALE")
[ "$(get 'data.registerUsage.usages[0].id' <<<"$again")" = "$USAGE_ID" ] || fail "retry" "$again"
echo "retried usage=$(get 'data.registerUsage.usages[0].id' <<<"$again") replayed=$(get 'data.registerUsage.replayed' <<<"$again")"

# 6. The same key with other content (two child tickets) is refused: a key names one sale.
other=$(gql "$REGISTER" "{\"input\":{\"idempotencyKey\":\"$KEY\",\"eventId\":\"$EVENT\",\"cardCode\":\"$CARD\",\"childTickets\":2}}")
echo "reused code=$(get 'errors[0].extensions.code' <<<"$other")"

# 7. Offline capture: the key was made at the sale, capturedAt says when; sending twice registers once.
OFFLINE_KEY=$(new_key)
CAPTURED_AT=$(node -p 'new Date(Date.now() - 10 * 60_000).toISOString()')
QUEUED="{\"input\":{\"idempotencyKey\":\"$OFFLINE_KEY\",\"eventId\":\"$EVENT\",\"cardCode\":\"$CARD\",\"capturedAt\":\"$CAPTURED_AT\"}}"
sent=$(gql "$REGISTER" "$QUEUED")
resent=$(gql "$REGISTER" "$QUEUED")
[ -n "$(get 'data.registerUsage.usages[0].id' <<<"$sent")" ] || fail "offline registration" "$sent"
echo "offline usage=$(get 'data.registerUsage.usages[0].id' <<<"$sent") capturedAt=$(get 'data.registerUsage.usages[0].capturedAt' <<<"$sent") resent=$(get 'data.registerUsage.usages[0].id' <<<"$resent") replayed=$(get 'data.registerUsage.replayed' <<<"$resent")"

# 8. Group visit: the staff's community card and each member's own card, all or nothing (R14).
MEMBERS=$(node -p 'JSON.stringify(process.argv.slice(1).map((cardCode) => ({ cardCode })))' $GROUP_MEMBER_CARDS)
group=$(gql 'mutation ($input: RegisterGroupVisitInput!) { registerGroupVisit(input: $input) { replayed groupId usages { id cardCode cardKind } } }' \
  "{\"input\":{\"idempotencyKey\":\"$(new_key)\",\"eventId\":\"$EVENT\",\"staffCardCode\":\"$GROUP_STAFF_CARD\",\"members\":$MEMBERS}}")
[ -n "$(get 'data.registerGroupVisit.groupId' <<<"$group")" ] || fail "registerGroupVisit" "$group"
echo "group id=$(get 'data.registerGroupVisit.groupId' <<<"$group") uses=$(get 'data.registerGroupVisit.usages.length' <<<"$group") cards=$(get 'data.registerGroupVisit.usages.map((u) => u.cardCode + ":" + u.cardKind).join(",")' <<<"$group")"

# 9. A refusal: a stable code, the field, and a message in the Accept-Language.
refused=$(gql "$REGISTER" "{\"input\":{\"idempotencyKey\":\"$(new_key)\",\"eventId\":\"$EVENT\",\"cardCode\":\"$REFUSED_CARD\"}}")
echo "refused code=$(get 'errors[0].extensions.code' <<<"$refused") field=$(get 'errors[0].extensions.details.field' <<<"$refused") message=\"$(get 'errors[0].message' <<<"$refused")\""

# 10. Cancellation (until 7 days after the event's day) frees the place; it is idempotent too.
CANCEL='mutation ($input: CancelUsageInput!) { cancelUsage(input: $input) { replayed usage { id cancelledAt cancelReason } } }'
CANCELLATION="{\"input\":{\"idempotencyKey\":\"$(new_key)\",\"usageId\":\"$USAGE_ID\",\"reason\":\"TICKET_RETURNED\"}}"
cancelled=$(gql "$CANCEL" "$CANCELLATION")
[ -n "$(get 'data.cancelUsage.usage.cancelledAt' <<<"$cancelled")" ] || fail "cancelUsage" "$cancelled"
recancelled=$(gql "$CANCEL" "$CANCELLATION")
echo "cancelled usage=$(get 'data.cancelUsage.usage.id' <<<"$cancelled") reason=$(get 'data.cancelUsage.usage.cancelReason' <<<"$cancelled") replayed=$(get 'data.cancelUsage.replayed' <<<"$recancelled")"
