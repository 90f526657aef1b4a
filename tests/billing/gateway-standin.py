#!/usr/bin/env python3
"""A local stand-in for the Razorpay and Stripe HTTP APIs, for Broadsheet's tests.

It answers the calls Broadsheet's gateway adapters make with the response shapes the two
gateways document (ids, short_url / url, statuses), checks their credentials the way they
do (Razorpay: HTTP Basic key_id:key_secret; Stripe: Bearer secret key), and records every
request so a test can assert exactly what was sent. It is not the real services: it knows
nothing of money, cards or retries.

Usage: gateway-standin.py [--razorpay-key-id ID] [--razorpay-key-secret S] [--stripe-secret-key K]
Listens on 127.0.0.1 on a free port and prints "PORT <n>" on its first line of output.

Test hooks (not part of either API):
  GET  /_requests  every request so far, as a JSON list of
                   {method, path, query, headers (lower-case names), body, form, json}
  POST /_reset     forgets the requests
"""
import argparse
import base64
import itertools
import json
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COUNTER = itertools.count(1)
LOCK = threading.Lock()
REQUESTS = []


def next_id(prefix):
    return f"{prefix}{next(COUNTER):014d}"


def razorpay_subscription(sub_id, plan_id, status, **extra):
    now = int(time.time())
    entity = {
        "id": sub_id, "entity": "subscription", "plan_id": plan_id, "status": status,
        "current_start": None, "current_end": None, "ended_at": None, "quantity": 1, "notes": {},
        "charge_at": now, "start_at": now, "end_at": None, "auth_attempts": 0, "total_count": 0,
        "paid_count": 0, "customer_notify": True, "created_at": now, "expire_by": None,
        "short_url": f"https://rzp.io/i/{sub_id[4:]}", "has_scheduled_changes": False,
        "change_scheduled_at": None, "source": "api", "remaining_count": 0,
    }
    entity.update(extra)
    return entity


class Handler(BaseHTTPRequestHandler):
    server_version = "GatewayStandin/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # Quiet: the tests read the recorded requests instead.
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        if path == "/_requests":
            with LOCK:
                return self.reply(200, REQUESTS)
        if path == "/_reset":
            with LOCK:
                REQUESTS.clear()
            return self.reply(200, {"ok": True})
        record = {
            "method": self.command, "path": path, "query": url.query,
            "headers": {k.lower(): v for k, v in self.headers.items()}, "body": raw,
            "form": dict(urllib.parse.parse_qsl(raw, keep_blank_values=True))
            if "x-www-form-urlencoded" in (self.headers.get("Content-Type") or "") else None,
            "json": None,
        }
        if "json" in (self.headers.get("Content-Type") or ""):
            try:
                record["json"] = json.loads(raw) if raw else None
            except ValueError:
                record["json"] = "<invalid>"
        with LOCK:
            REQUESTS.append(record)
        auth = self.headers.get("Authorization") or ""
        if path.startswith("/v1/") and auth.startswith("Basic "):
            return self.razorpay(path, auth, record["json"] or {})
        if path.startswith("/v1/") and auth.startswith("Bearer "):
            return self.stripe(path, auth, record["form"] or {})
        if path.startswith("/v1/"):
            return self.reply(401, {"error": {"code": "BAD_REQUEST_ERROR", "message": "No API key provided",
                                              "description": "No API key provided"}})
        return self.reply(404, {"error": {"message": "not a stand-in route"}})

    # Razorpay: https://razorpay.com/docs/api/payments/subscriptions/
    def razorpay(self, path, auth, body):
        expected = base64.b64encode(f"{ARGS.razorpay_key_id}:{ARGS.razorpay_key_secret}".encode()).decode()
        if auth != "Basic " + expected:
            return self.reply(401, {"error": {"code": "BAD_REQUEST_ERROR",
                                              "description": "The api key provided is invalid",
                                              "source": "NA", "step": "NA", "reason": "NA", "metadata": {}}})
        parts = path.strip("/").split("/")
        if self.command == "POST" and parts == ["v1", "plans"]:
            item = dict(body.get("item") or {})
            item.update({"id": next_id("item_"), "active": True, "type": "plan",
                         "unit_amount": item.get("amount")})
            return self.reply(200, {"id": next_id("plan_"), "entity": "plan", "interval": body.get("interval"),
                                    "period": body.get("period"), "item": item, "notes": body.get("notes", {}),
                                    "created_at": int(time.time())})
        if self.command == "POST" and parts == ["v1", "subscriptions"]:
            if not body.get("plan_id") or not body.get("total_count"):
                return self.reply(400, {"error": {"code": "BAD_REQUEST_ERROR",
                                                  "description": "plan_id and total_count are required"}})
            return self.reply(200, razorpay_subscription(next_id("sub_"), body["plan_id"], "created",
                                                         total_count=body["total_count"],
                                                         notes=body.get("notes", {})))
        if self.command == "POST" and len(parts) == 4 and parts[:2] == ["v1", "subscriptions"] \
                and parts[3] == "cancel":
            return self.reply(200, razorpay_subscription(parts[2], "plan_x", "active",
                                                         has_scheduled_changes=True))
        if self.command == "PATCH" and len(parts) == 3 and parts[:2] == ["v1", "subscriptions"]:
            return self.reply(200, razorpay_subscription(parts[2], body.get("plan_id", "plan_x"), "active",
                                                         has_scheduled_changes=True))
        return self.reply(400, {"error": {"code": "BAD_REQUEST_ERROR",
                                          "description": "The requested URL was not found on the server."}})

    # Stripe: https://docs.stripe.com/api
    def stripe(self, path, auth, form):
        if auth != "Bearer " + ARGS.stripe_secret_key:
            return self.reply(401, {"error": {"type": "invalid_request_error",
                                              "message": "Invalid API Key provided: sk_****"}})
        parts = path.strip("/").split("/")
        now = int(time.time())
        if self.command != "POST":
            return self.reply(404, {"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}})
        if parts == ["v1", "prices"]:
            return self.reply(200, {"id": next_id("price_"), "object": "price", "active": True,
                                    "currency": form.get("currency"), "unit_amount": int(form.get("unit_amount", 0)),
                                    "recurring": {"interval": form.get("recurring[interval]"),
                                                  "interval_count": int(form.get("recurring[interval_count]", 1))},
                                    "product": next_id("prod_"), "type": "recurring"})
        if parts == ["v1", "checkout", "sessions"]:
            if form.get("mode") != "subscription" or not form.get("line_items[0][price]"):
                return self.reply(400, {"error": {"type": "invalid_request_error",
                                                  "message": "mode and line_items are required"}})
            session = next_id("cs_test_")
            return self.reply(200, {"id": session, "object": "checkout.session", "mode": "subscription",
                                    "status": "open", "payment_status": "unpaid",
                                    "client_reference_id": form.get("client_reference_id"),
                                    "customer_email": form.get("customer_email"),
                                    "success_url": form.get("success_url"), "cancel_url": form.get("cancel_url"),
                                    "url": f"https://checkout.stripe.com/c/pay/{session}", "subscription": None})
        if len(parts) == 3 and parts[:2] == ["v1", "subscriptions"]:
            return self.reply(200, {"id": parts[2], "object": "subscription", "status": "active",
                                    "cancel_at_period_end": form.get("cancel_at_period_end") == "true"})
        if parts == ["v1", "subscription_schedules"]:
            return self.reply(200, {"id": next_id("sub_sched_"), "object": "subscription_schedule",
                                    "subscription": form.get("from_subscription"), "end_behavior": "release",
                                    "phases": [{"start_date": now - 86400, "end_date": now + 86400 * 30,
                                                "items": [{"price": "price_current", "quantity": 1}]}]})
        if len(parts) == 3 and parts[:2] == ["v1", "subscription_schedules"]:
            return self.reply(200, {"id": parts[2], "object": "subscription_schedule",
                                    "end_behavior": form.get("end_behavior"), "phases": []})
        return self.reply(404, {"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}})

    do_GET = do_POST = do_PATCH = do_DELETE = handle_any


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--razorpay-key-id", default="rzp_test_standin")
    parser.add_argument("--razorpay-key-secret", default="standin_secret")
    parser.add_argument("--stripe-secret-key", default="sk_test_standin")
    ARGS = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


ARGS = None
if __name__ == "__main__":
    main()
