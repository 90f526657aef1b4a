#pragma once

#include <string>
#include <utility>
#include <variant>

#include "core/check.h"

namespace broadsheet {

/// The kinds of expected failure. Their mapping to HTTP statuses lives in one place
/// (`http::StatusFor` in site/errors.cc); add a code here before inventing a new one.
enum class ErrorCode {
    kInvalidInput,   ///< Malformed or out-of-range input from a user, a file or a feed.
    kNotFound,       ///< The thing asked for does not exist.
    kGone,           ///< It existed and was withdrawn.
    kConflict,       ///< The request contradicts the current state.
    kForbidden,      ///< The caller may not do this.
    kTooLarge,       ///< Input over a configured size limit.
    kUnsupported,    ///< A format or feature Broadsheet does not handle.
    kIo,             ///< A file, network or database operation failed.
    kRateLimited,    ///< Too many attempts in a while (sign-in, sign-up, reset); try later.
};

/// Returns a stable lower-case name for `code`, for logs and messages.
const char* ErrorCodeName(ErrorCode code);

/// An expected failure: a code and a message meant for the person who caused it.
struct Error {
    ErrorCode code;
    std::string message;
};

/// The failure half of a `Result`, as `std::unexpected` is for `std::expected`.
[[nodiscard]] inline Error Fail(ErrorCode code, std::string message) {
    return Error{code, std::move(message)};
}

/// A value or an `Error`. The API is a subset of C++23 `std::expected<T, Error>`.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

    bool has_value() const { return state_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & {
        CHECK(has_value());
        return std::get<0>(state_);
    }
    const T& value() const& {
        CHECK(has_value());
        return std::get<0>(state_);
    }
    T&& value() && {
        CHECK(has_value());
        return std::get<0>(std::move(state_));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const {
        CHECK(!has_value());
        return std::get<1>(state_);
    }
    T value_or(T fallback) const& { return has_value() ? value() : std::move(fallback); }

private:
    std::variant<T, Error> state_;
};

/// A result with no value: success, or an `Error`.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT: implicit

    bool has_value() const { return !failed_; }
    explicit operator bool() const { return has_value(); }
    const Error& error() const {
        CHECK(failed_);
        return error_;
    }

private:
    Error error_{ErrorCode::kInvalidInput, {}};
    bool failed_ = false;
};

}  // namespace broadsheet
