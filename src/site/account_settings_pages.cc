// The account pages of a signed-in reader: the overview, devices, change of address and
// deletion; and the app sign-in API.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "accounts/account_service.h"
#include "accounts/credentials.h"
#include "site/account_pages.h"
#include "site/site.h"

namespace broadsheet::site {
namespace {

bool Posted(const http::Request& request) { return request.method == "POST"; }

std::string Field(const http::Request& request, std::string_view name) {
    return request.FormParam(name).value_or("");
}

std::optional<int64_t> ParseId(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

http::Response Json(int status, const nlohmann::json& body) {
    return http::Response::Text(status, body.dump(), "application/json; charset=utf-8");
}

http::Response JsonError(int status, std::string message) {
    return Json(status, {{"error", std::move(message)}});
}

}  // namespace

http::Response AccountPages::Overview(const http::Request& request,
                                      const ReaderContext& reader) const {
    if (!reader.reader_id) return SignInFirst(request);
    if (Posted(request))
        return Message(405, "Not allowed", "Nothing to send here.", reader, "/account",
                       "Your account");
    auto account = accounts_.FindReader(*reader.reader_id);
    if (!account) return Failure(request, reader, account.error().message);
    auto devices = accounts_.ListDevices(*reader.reader_id);
    if (!devices) return Failure(request, reader, devices.error().message);
    const FormToken form = TokenFor(request, reader);
    const int limit = accounts_.DeviceLimitOf(*reader.reader_id);
    const std::string created = FormatTime(account->created);  // "Nov 16 2024 | 3:57 PM IST"
    nlohmann::json content = {
        {"email", account->email},
        {"verified", account->email_verified},
        {"member_since", created.substr(0, created.find(" | "))},
        {"devices_text",
         std::to_string(devices->size()) + " of " + std::to_string(limit) + " devices signed in"},
        {"notice", request.QueryParam("sent") ? "We have sent a new confirmation link." : ""},
    };
    return Page(200, "overview", "Your account", "/account", std::move(content), reader, &form);
}

http::Response AccountPages::ResendVerification(const http::Request& request,
                                                const ReaderContext& reader) const {
    if (!reader.reader_id) return SignInFirst(request);
    if (!Posted(request)) return http::Response::Redirect(303, "/account");
    if (auto sent = accounts_.ResendVerification(*reader.reader_id); !sent) {
        return Failure(request, reader, sent.error().message);
    }
    return http::Response::Redirect(303, "/account?sent=1");
}

http::Response AccountPages::Devices(const http::Request& request,
                                     const ReaderContext& reader) const {
    if (!reader.reader_id) return SignInFirst(request);
    if (Posted(request)) {
        if (Field(request, "all") == "1") {
            auto out = accounts_.SignOutAll(*reader.reader_id);
            if (!out) return Failure(request, reader, out.error().message);
            http::Response response =
                Message(200, "Signed out everywhere",
                        "Every device, this one included, is signed out of your account.",
                        ReaderContext{}, "/account/signin", "Sign in again");
            ClearSessionCookies(response);
            return response;
        }
        std::optional<int64_t> session = ParseId(Field(request, "session"));
        if (!session)
            return Message(400, "Which device?", "Choose a device to sign out.", reader,
                           "/account/devices", "Your devices");
        auto out = accounts_.SignOutDevice(*reader.reader_id, store::SessionId{*session});
        if (!out) return Failure(request, reader, out.error().message);
        if (std::to_string(*session) == reader.session_id) {
            http::Response response = http::Response::Redirect(303, "/");
            ClearSessionCookies(response);
            return response;
        }
        return http::Response::Redirect(303, "/account/devices?signed_out=1");
    }
    auto devices = accounts_.ListDevices(*reader.reader_id);
    if (!devices) return Failure(request, reader, devices.error().message);
    const FormToken form = TokenFor(request, reader);
    const int limit = accounts_.DeviceLimitOf(*reader.reader_id);
    nlohmann::json list = nlohmann::json::array();
    for (const accounts::Device& device : *devices) {
        const std::string id = std::to_string(device.id.value);
        list.push_back({{"id", id},
                        {"name", device.name},
                        {"app", device.kind == store::SessionKind::kApiToken},
                        {"current", id == reader.session_id},
                        {"first_seen", FormatTime(device.first_seen)},
                        {"last_seen", FormatTime(device.last_seen)},
                        {"ip", device.ip}});
    }
    nlohmann::json content = {
        {"devices", std::move(list)},
        {"summary", "You are signed in on " + std::to_string(devices->size()) + " of the " +
                        std::to_string(limit) + " devices your account allows."},
        {"notice", request.QueryParam("signed_out") ? "That device is signed out." : ""},
    };
    return Page(200, "devices", "Your devices", "/account/devices", std::move(content), reader,
                &form);
}

http::Response AccountPages::ChangeEmail(const http::Request& request,
                                         const ReaderContext& reader) const {
    if (!reader.reader_id) return SignInFirst(request);
    const FormToken form = TokenFor(request, reader);
    nlohmann::json content = {{"current_email", reader.email},
                              {"new_email", Field(request, "new_email")}};
    if (!Posted(request)) {
        return Page(200, "email", "Change your e-mail address", "/account/email", content, reader,
                    &form);
    }
    auto address = accounts::NormalizeEmail(Field(request, "new_email"));
    if (!address) {
        content["email_error"] = address.error().message;
        return Page(400, "email", "Change your e-mail address", "/account/email", content, reader,
                    &form);
    }
    auto requested = accounts_.RequestEmailChange(*reader.reader_id, Field(request, "password"),
                                                  *address, ClientAddress(request));
    if (!requested) {
        switch (requested.error().code) {
            case ErrorCode::kInvalidInput:
                content["email_error"] = requested.error().message;
                return Page(400, "email", "Change your e-mail address", "/account/email", content,
                            reader, &form);
            case ErrorCode::kForbidden:
                content["password_error"] = requested.error().message;
                return Page(400, "email", "Change your e-mail address", "/account/email", content,
                            reader, &form);
            case ErrorCode::kRateLimited:
                content["error"] = requested.error().message;
                return Page(429, "email", "Change your e-mail address", "/account/email", content,
                            reader, &form);
            default: return Failure(request, reader, requested.error().message);
        }
    }
    return Message(200, "Check your new inbox",
                   "We have sent a link to " + *address +
                       ". Your address changes when you open it (within 24 "
                       "hours); until then, keep signing in with " +
                       reader.email + ".",
                   reader, "/account", "Your account");
}

http::Response AccountPages::Delete(const http::Request& request,
                                    const ReaderContext& reader) const {
    if (!reader.reader_id) return SignInFirst(request);
    const FormToken form = TokenFor(request, reader);
    nlohmann::json content = {{"email", reader.email}};
    if (!Posted(request))
        return Page(200, "delete", "Delete your account", "/account/delete", content, reader,
                    &form);
    auto deleted = accounts_.DeleteAccount(*reader.reader_id, Field(request, "password"),
                                           ClientAddress(request));
    if (!deleted) {
        switch (deleted.error().code) {
            case ErrorCode::kForbidden:
                content["password_error"] = deleted.error().message;
                return Page(400, "delete", "Delete your account", "/account/delete", content,
                            reader, &form);
            case ErrorCode::kRateLimited:
                content["error"] = deleted.error().message;
                return Page(429, "delete", "Delete your account", "/account/delete", content,
                            reader, &form);
            default: return Failure(request, reader, deleted.error().message);
        }
    }
    http::Response response =
        Message(200, "Your account was deleted",
                "Your account and what it held about you are gone. Thank you for reading.",
                ReaderContext{}, "/", "Go to the front page");
    ClearSessionCookies(response);
    return response;
}

http::Response AccountPages::HandleApi(const http::Request& request) const {
    if (request.path != "/api/v1/auth/token") return JsonError(404, "no such endpoint");
    if (request.method == "DELETE") {
        std::string_view authorization = request.Header("Authorization");
        if (!authorization.starts_with("Bearer ")) {
            http::Response response =
                JsonError(401, "send the token as Authorization: Bearer <token>");
            response.SetHeader("WWW-Authenticate", "Bearer");
            return response;
        }
        const std::string token(authorization.substr(7));
        auto session = accounts_.ResolveSession(token, accounts_.clock().Now());
        if (!session) return JsonError(500, "could not look up the token");
        if (!*session || (*session)->kind != store::SessionKind::kApiToken) {
            http::Response response = JsonError(401, "unknown or revoked token");
            response.SetHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return response;
        }
        if (auto out = accounts_.SignOut(token); !out)
            return JsonError(500, "could not revoke the token");
        return http::Response{204, {}, nullptr};
    }
    if (request.method != "POST") {
        http::Response response = JsonError(405, "use POST to get a token, DELETE to revoke one");
        response.SetHeader("Allow", "POST, DELETE");
        return response;
    }
    const nlohmann::json body =
        nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    auto text = [&body](const char* key) -> std::string {
        if (!body.is_object() || !body.contains(key) || !body[key].is_string()) return {};
        return body[key].get<std::string>();
    };
    if (!body.is_object())
        return JsonError(400, "send a JSON object: {\"email\", \"password\", \"device_name\"}");
    std::string device_name = text("device_name").substr(0, 100);
    if (device_name.empty()) device_name = "App";
    accounts::SignInRequest attempt{text("email"),
                                    text("password"),
                                    std::string(request.Header("User-Agent")).substr(0, 512),
                                    ClientAddress(request),
                                    store::SessionKind::kApiToken,
                                    device_name};
    Result<accounts::SignInOutcome> outcome = accounts::SignInOutcome{};
    const std::string ticket = text("device_ticket");
    if (!ticket.empty()) {
        int64_t replace = body.contains("sign_out") && body["sign_out"].is_number_integer()
                              ? body["sign_out"].get<int64_t>()
                              : 0;
        outcome = accounts_.SignInReplacing(ticket, store::SessionId{replace}, attempt);
    } else {
        outcome = accounts_.SignIn(attempt);
    }
    if (!outcome) {
        spdlog::error("accounts: request {}: {}", request.request_id, outcome.error().message);
        return JsonError(500, "could not sign in; try again");
    }
    switch (outcome->status) {
        case accounts::SignInStatus::kSignedIn:
            return Json(201, {{"token", outcome->signed_in->token},
                              {"token_type", "Bearer"},
                              {"device_id", outcome->signed_in->session.value}});
        case accounts::SignInStatus::kRateLimited: {
            http::Response response = JsonError(429, outcome->message);
            response.SetHeader("Retry-After",
                               std::to_string(std::max<int64_t>(1, outcome->retry_after.count())));
            return response;
        }
        case accounts::SignInStatus::kDeviceLimit: {
            nlohmann::json devices = nlohmann::json::array();
            for (const accounts::Device& device : outcome->devices) {
                devices.push_back({{"id", device.id.value},
                                   {"name", device.name},
                                   {"first_seen", FormatIsoUtc(device.first_seen)},
                                   {"last_seen", FormatIsoUtc(device.last_seen)}});
            }
            return Json(409, {{"error", outcome->message},
                              {"device_limit", outcome->device_limit},
                              {"devices", std::move(devices)},
                              {"device_ticket", outcome->device_ticket}});
        }
        case accounts::SignInStatus::kDisabled: return JsonError(403, outcome->message);
        case accounts::SignInStatus::kBadCredentials: break;
    }
    return JsonError(401, outcome->message);
}

}  // namespace broadsheet::site
