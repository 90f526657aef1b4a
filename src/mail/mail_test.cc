// The outbox, its worker and the SMTP sender, against a real SMTP server on 127.0.0.1.
#include <gtest/gtest.h>

#include <deque>
#include <thread>

#include "mail/mime.h"
#include "mail/outbox.h"
#include "mail/outbox_worker.h"
#include "mail/smtp_sender.h"
#include "mail/test_smtp_server.h"
#include "store/sqlite/sqlite_outbox_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::mail {
namespace {

using namespace std::chrono_literals;

Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }
constexpr int64_t kNov16 = 1731752820;  // 2024-11-16T10:27:00Z

std::filesystem::path SinkDir() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    return std::filesystem::temp_directory_path() / ("bs-smtp-" + std::to_string(::getpid()) + "-" +
                                                     test->test_suite_name() + "-" + test->name());
}

TEST(MimeTest, FindsAddressesAndDomains) {
    EXPECT_EQ(AddressOf("Broadsheet <no-reply@news.example>"), "no-reply@news.example");
    EXPECT_EQ(AddressOf("  ana@example.com "), "ana@example.com");
    EXPECT_EQ(DomainOf("no-reply@news.example"), "news.example");
    EXPECT_EQ(DomainOf("nobody"), "localhost");
}

TEST(MimeTest, QuotedPrintableKeepsLinesShortAndBytesSeven) {
    EXPECT_EQ(QuotedPrintable("Hello\nwörld = 1 \n.dot"), "Hello\r\nw=C3=B6rld =3D 1=20\r\n=2Edot");
    std::string long_line(200, 'a');
    std::string encoded = QuotedPrintable(long_line);
    size_t start = 0;
    while (start < encoded.size()) {
        size_t end = encoded.find("\r\n", start);
        if (end == std::string::npos) end = encoded.size();
        EXPECT_LE(end - start, 76u);
        start = end + 2;
    }
    std::string decoded;
    for (size_t i = 0; i < encoded.size(); ++i) {
        if (encoded.compare(i, 3, "=\r\n") == 0) {
            i += 2;
        } else {
            decoded += encoded[i];
        }
    }
    EXPECT_EQ(decoded, long_line);
}

TEST(MimeTest, HeadersAreOneLineAndEncodedWhenNotAscii) {
    EXPECT_EQ(EncodeHeaderText("Confirm your address"), "Confirm your address");
    EXPECT_EQ(EncodeHeaderText("Bcc: x\r\nevil"), "Bcc: x  evil");
    EXPECT_EQ(EncodeHeaderText("Café"), "=?UTF-8?B?Q2Fmw6k=?=");
    std::string message = FormatMessage(MimeMessage{"Broadsheet <no-reply@news.example>",
                                                    "ana@example.com", "Hello\nBcc: x@evil.example",
                                                    "<id@news.example>", At(kNov16), "Body", ""});
    EXPECT_NE(message.find("Subject: Hello Bcc: x@evil.example\r\n"), std::string::npos);
    EXPECT_NE(message.find("Date: Sat, 16 Nov 2024 10:27:00 +0000\r\n"), std::string::npos);
    EXPECT_NE(message.find("Message-ID: <id@news.example>\r\n"), std::string::npos);
    EXPECT_EQ(message.find("\nBcc:"), std::string::npos);
}

TEST(OutboxTest, EnqueueGivesEachMessageItsOwnMessageId) {
    store::sqlite::TestDatabase database;
    store::sqlite::SqliteOutboxStore store(database.pool());
    FixedClock clock(At(kNov16));
    int wakes = 0;
    DurableOutbox outbox(store, clock, "news.example", [&wakes] { ++wakes; });
    ASSERT_TRUE(outbox.Enqueue(Message{"ana@example.com", "One", "text", "", "test"}).has_value());
    ASSERT_TRUE(outbox.Enqueue(Message{"ana@example.com", "Two", "text", "<p>html</p>", "test"})
                    .has_value());
    EXPECT_EQ(wakes, 2);
    auto all = store.List(std::nullopt, 10);
    ASSERT_EQ(all->size(), 2u);
    EXPECT_NE((*all)[0].content.message_id, (*all)[1].content.message_id);
    EXPECT_TRUE((*all)[0].content.message_id.ends_with("@news.example>"));
    EXPECT_EQ((*all)[0].content.html, "<p>html</p>");

    for (const char* bad : {"", "no-at-sign", "a@b\r\nBcc: c@d", "Ana <a@b>", "a@b, c@d"}) {
        auto refused = outbox.Enqueue(Message{bad, "S", "t", "", "test"});
        ASSERT_FALSE(refused.has_value()) << bad;
        EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
    }
    EXPECT_FALSE(outbox.Enqueue(Message{"a@b.example", "Two\nlines", "t", "", "test"}).has_value());
}

// A sender that fails as told, and records what it was given.
class ScriptedSender final : public Sender {
public:
    std::deque<Result<void>> results;
    std::vector<Envelope> sent;
    Result<void> Send(const Envelope& envelope) override {
        Result<void> result;
        if (!results.empty()) {
            result = results.front();
            results.pop_front();
        }
        if (result) sent.push_back(envelope);
        return result;
    }
};

class OutboxWorkerTest : public ::testing::Test {
protected:
    store::sqlite::TestDatabase database_;
    store::sqlite::SqliteOutboxStore store_{database_.pool()};
    FixedClock clock_{At(kNov16)};
    DurableOutbox outbox_{store_, clock_, "news.example"};
    OutboxWorkerOptions options_{.from = "Broadsheet <no-reply@news.example>"};
};

TEST_F(OutboxWorkerTest, BacksOffExponentiallyToSixHours) {
    OutboxWorker worker(options_, store_, nullptr, clock_);
    const std::pair<int, int64_t> kCases[] = {{1, 60},    {2, 120},    {3, 240},   {4, 480},
                                              {9, 15360}, {10, 21600}, {19, 21600}};
    for (auto [attempts, seconds] : kCases)
        EXPECT_EQ(worker.RetryDelay(attempts).count(), seconds) << attempts;
}

TEST_F(OutboxWorkerTest, RetriesUntilSentRecordingTheError) {
    ScriptedSender sender;
    sender.results = {Fail(ErrorCode::kIo, "smtp: connection refused"),
                      Fail(ErrorCode::kIo, "smtp: timeout"),
                      {}};
    OutboxWorker worker(options_, store_, &sender, clock_);
    ASSERT_TRUE(outbox_.Enqueue(Message{"ana@example.com", "Hi", "Hello", "", "test"}).has_value());

    EXPECT_EQ(*worker.RunOnce(), 0);
    auto queued = store_.List(store::OutboxState::kQueued, 10);
    ASSERT_EQ(queued->size(), 1u);
    EXPECT_EQ((*queued)[0].last_error, "smtp: connection refused");
    EXPECT_EQ((*queued)[0].next_attempt, At(kNov16 + 60));
    EXPECT_EQ(*worker.RunOnce(), 0) << "not due for a minute";

    clock_.Set(At(kNov16 + 60));
    EXPECT_EQ(*worker.RunOnce(), 0);
    EXPECT_EQ((*store_.List(store::OutboxState::kQueued, 10))[0].next_attempt,
              At(kNov16 + 60 + 120));
    clock_.Set(At(kNov16 + 180));
    EXPECT_EQ(*worker.RunOnce(), 1);
    ASSERT_EQ(sender.sent.size(), 1u);
    EXPECT_EQ(sender.sent[0].from, "no-reply@news.example");
    EXPECT_EQ(sender.sent[0].to, "ana@example.com");
    EXPECT_NE(sender.sent[0].data.find("From: Broadsheet <no-reply@news.example>\r\n"),
              std::string::npos);
    auto sent = store_.List(store::OutboxState::kSent, 10);
    ASSERT_EQ(sent->size(), 1u);
    EXPECT_EQ((*sent)[0].attempts, 3);
}

TEST_F(OutboxWorkerTest, GivesUpAfterTwentyAttemptsOrAPermanentRefusal) {
    ScriptedSender sender;
    for (int i = 0; i < 25; ++i) sender.results.push_back(Fail(ErrorCode::kIo, "smtp: down"));
    OutboxWorker worker(options_, store_, &sender, clock_);
    ASSERT_TRUE(outbox_.Enqueue(Message{"ana@example.com", "Hi", "Hello", "", "test"}).has_value());
    for (int i = 0; i < 30; ++i) {
        ASSERT_TRUE(worker.RunOnce().has_value());
        clock_.Set(clock_.Now() + std::chrono::hours(7));
    }
    auto failed = store_.List(store::OutboxState::kFailed, 10);
    ASSERT_EQ(failed->size(), 1u);
    EXPECT_EQ((*failed)[0].attempts, 20);
    EXPECT_EQ(sender.results.size(), 5u) << "no attempt after the twentieth";

    ScriptedSender refusing;
    refusing.results = {Fail(ErrorCode::kInvalidInput, "smtp: 550 no such user")};
    OutboxWorker other(options_, store_, &refusing, clock_);
    ASSERT_TRUE(
        outbox_.Enqueue(Message{"nobody@example.com", "Hi", "Hello", "", "test"}).has_value());
    ASSERT_TRUE(other.RunOnce().has_value());
    EXPECT_EQ(store_.List(store::OutboxState::kFailed, 10)->size(), 2u);
}

TEST_F(OutboxWorkerTest, WithoutASenderMailStaysQueued) {
    OutboxWorker worker(options_, store_, nullptr, clock_);
    worker.Start();
    ASSERT_TRUE(outbox_.Enqueue(Message{"ana@example.com", "Hi", "Hello", "", "test"}).has_value());
    EXPECT_EQ(*worker.RunOnce(), 0);
    EXPECT_EQ(store_.List(store::OutboxState::kQueued, 10)->size(), 1u);
}

TEST_F(OutboxWorkerTest, SendsThroughARealSmtpServer) {
    testing::TestSmtpServer server(SinkDir());
    server.Start();
    SmtpSender sender(SmtpOptions{.url = server.Url()});
    OutboxWorker worker(options_, store_, &sender, clock_);
    ASSERT_TRUE(outbox_.Enqueue(
        Message{"ana@example.com", "Café for Ana",
                "Hello Ana,\n\nhttps://news.example/account/verify?token=abc\n", "", "test"}));
    ASSERT_TRUE(
        outbox_.Enqueue(Message{"bob@example.com", "Both kinds", "Plain", "<p>Rich</p>", "test"}));
    EXPECT_EQ(*worker.RunOnce(), 2);
    auto messages = server.WaitForMessages(2);
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[0]["mail_from"], "no-reply@news.example");
    EXPECT_EQ(messages[0]["rcpt_tos"], nlohmann::json::array({"ana@example.com"}));
    EXPECT_EQ(messages[0]["subject"], "Café for Ana");
    std::string text = messages[0]["text"];
    EXPECT_NE(text.find("https://news.example/account/verify?token=abc"), std::string::npos)
        << text;
    auto stored = store_.List(store::OutboxState::kSent, 10);
    ASSERT_EQ(stored->size(), 2u);
    EXPECT_EQ(messages[0]["message_id"], (*stored)[1].content.message_id);
    EXPECT_NE(std::string(messages[1]["html"]).find("<p>Rich</p>"), std::string::npos);
    EXPECT_NE(std::string(messages[1]["text"]).find("Plain"), std::string::npos);
}

TEST_F(OutboxWorkerTest, AMessageQueuedWhileTheServerIsDownArrivesExactlyOnce) {
    testing::TestSmtpServer server(SinkDir());  // Its port, not listening yet.
    SmtpSender sender(SmtpOptions{.url = server.Url(), .connect_timeout = 5s, .timeout = 10s});
    OutboxWorker worker(options_, store_, &sender, clock_);
    ASSERT_TRUE(
        outbox_.Enqueue(Message{"ana@example.com", "Once", "Only once", "", "test"}).has_value());
    EXPECT_EQ(*worker.RunOnce(), 0);
    auto queued = store_.List(store::OutboxState::kQueued, 10);
    ASSERT_EQ(queued->size(), 1u);
    EXPECT_NE((*queued)[0].last_error.find("smtp:"), std::string::npos) << (*queued)[0].last_error;

    server.Start();
    EXPECT_EQ(*worker.RunOnce(), 0) << "waits for its back-off";
    clock_.Set(At(kNov16 + 60));
    EXPECT_EQ(*worker.RunOnce(), 1);
    clock_.Set(At(kNov16 + 3 * 3600));
    EXPECT_EQ(*worker.RunOnce(), 0);
    EXPECT_EQ(server.WaitForMessages(2, 500ms).size(), 1u);
}

TEST_F(OutboxWorkerTest, TheThreadRetriesAfterItsBackOff) {
    testing::TestSmtpServer server(SinkDir());
    SystemClock clock;
    DurableOutbox outbox(store_, clock, "news.example");
    OutboxWorkerOptions options = options_;
    options.first_retry = 1s;
    options.idle_poll = 100ms;
    SmtpSender sender(SmtpOptions{.url = server.Url(), .connect_timeout = 5s, .timeout = 10s});
    OutboxWorker worker(options, store_, &sender, clock);
    worker.Start();
    ASSERT_TRUE(outbox.Enqueue(Message{"ana@example.com", "Later", "Arrives later", "", "test"})
                    .has_value());
    worker.Wake();
    // The first attempt fails (nothing listens); the retry a second later finds the server.
    for (int i = 0; i < 100 && store_.List(std::nullopt, 10)->front().attempts == 0; ++i) {
        std::this_thread::sleep_for(20ms);
    }
    server.Start();
    auto messages = server.WaitForMessages(1, 15s);
    ASSERT_EQ(messages.size(), 1u);
    std::this_thread::sleep_for(1500ms);
    worker.Stop();
    EXPECT_EQ(server.Messages().size(), 1u);
    auto sent = store_.List(store::OutboxState::kSent, 10);
    ASSERT_EQ(sent->size(), 1u);
    EXPECT_GE((*sent)[0].attempts, 2);
}

TEST_F(OutboxWorkerTest, StartRequeuesMessagesWhoseLeaseRanOut) {
    ASSERT_TRUE(outbox_.Enqueue(Message{"ana@example.com", "Hi", "Hello", "", "test"}).has_value());
    ASSERT_TRUE(
        store_.ClaimNext(At(kNov16), At(kNov16 + 300))->has_value());  // A worker that died.
    clock_.Set(At(kNov16 + 301));
    ScriptedSender sender;
    OutboxWorker worker(options_, store_, &sender, clock_);
    worker.Start();  // Re-queues it; its thread may send it straight away.
    worker.Stop();
    ASSERT_TRUE(worker.RunOnce().has_value());
    EXPECT_EQ(store_.List(store::OutboxState::kSending, 10)->size(), 0u);
    EXPECT_EQ(store_.List(store::OutboxState::kSent, 10)->size(), 1u);
    EXPECT_EQ(sender.sent.size(), 1u);
}

}  // namespace
}  // namespace broadsheet::mail
