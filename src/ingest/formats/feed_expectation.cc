#include "ingest/formats/feed_expectation.h"

#include <cctype>
#include <utility>

#include "ingest/formats/feed_expectation_fields.h"
#include "ingest/formats/xml_text.h"

namespace broadsheet::ingest::conformance {
namespace {

struct Token {
    enum class Type { kName, kString, kNumber, kPunct, kEnd };
    Type type = Type::kEnd;
    std::string text;
};

// Decodes a Python string literal body (escapes \n \t \\ \' \" \xNN \uNNNN \UNNNNNNNN).
std::string Unescape(std::string_view body) {
    std::string out;
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] != '\\' || i + 1 >= body.size()) {
            out += body[i];
            continue;
        }
        char c = body[++i];
        std::size_t digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
        if (digits > 0 && i + digits < body.size() + 1) {
            char32_t cp = static_cast<char32_t>(
                std::stoul(std::string(body.substr(i + 1, digits)), nullptr, 16));
            AppendUtf8(out, cp);
            i += digits;
            continue;
        }
        switch (c) {
            case 'n': out += '\n'; break;
            case 't': out += '\t'; break;
            case 'r': out += '\r'; break;
            default: out += c;
        }
    }
    return out;
}

std::vector<Token> Lex(std::string_view s) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++i;
        } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t start = i;
            while (i < s.size() &&
                   (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) {
                ++i;
            }
            std::string name(s.substr(start, i - start));
            if ((name == "u" || name == "r" || name == "b") && i < s.size() &&
                (s[i] == '\'' || s[i] == '"'))
                continue;
            tokens.push_back({Token::Type::kName, std::move(name)});
        } else if (c == '\'' || c == '"') {
            std::string quote(s.substr(i, 3) == std::string(3, c) ? 3 : 1, c);
            std::size_t end = i + quote.size();
            while (end < s.size() && s.compare(end, quote.size(), quote) != 0) {
                end += s[end] == '\\' ? 2 : 1;
            }
            std::string value =
                Unescape(s.substr(i + quote.size(), std::min(end, s.size()) - i - quote.size()));
            // Adjacent literals concatenate, as in Python.
            if (!tokens.empty() && tokens.back().type == Token::Type::kString) {
                tokens.back().text += value;
            } else {
                tokens.push_back({Token::Type::kString, std::move(value)});
            }
            i = std::min(end + quote.size(), s.size());
        } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                   (c == '-' && i + 1 < s.size() &&
                    std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
            std::size_t start = i++;
            while (i < s.size() &&
                   (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) {
                ++i;
            }
            tokens.push_back({Token::Type::kNumber, std::string(s.substr(start, i - start))});
        } else if ((c == '=' || c == '!' || c == '<' || c == '>') && i + 1 < s.size() &&
                   s[i + 1] == '=') {
            tokens.push_back({Token::Type::kPunct, std::string(s.substr(i, 2))});
            i += 2;
        } else {
            tokens.push_back({Token::Type::kPunct, std::string(1, c)});
            ++i;
        }
    }
    return tokens;
}

// Python's ord(): the code point of a one-character string; -1 for any other string.
Value Ord(std::string_view s) {
    Value v = Of(Value::Kind::kNumber);
    v.number = -1;
    auto lead = static_cast<unsigned char>(s.empty() ? 0 : s[0]);
    std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (s.empty() || s.size() != length) return v;
    char32_t cp = length == 1 ? lead : lead & (0x3F >> (length - 1));
    for (std::size_t k = 1; k < length; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
    v.number = cp;
    return v;
}

// `not`: a pass fails and a failure passes; the rest stays.
void Negate(Evaluation& e) {
    if (e.verdict == Verdict::kPass) {
        e.verdict = Verdict::kFail;
    } else if (e.verdict == Verdict::kFail) {
        e.verdict = Verdict::kPass;
    }
}

class Evaluator {
public:
    Evaluator(std::vector<Token> tokens, const std::vector<WireItem>& items)
        : tokens_(std::move(tokens)), items_(items) {}

    Evaluation Run() {
        Evaluation e = Or();
        if (Peek().type != Token::Type::kEnd && e.verdict != Verdict::kNotApplicable) {
            e = NotApplicable();
        }
        return e;
    }

private:
    const Token& Peek(std::size_t ahead = 0) const {
        static const Token kEnd;
        return pos_ + ahead < tokens_.size() ? tokens_[pos_ + ahead] : kEnd;
    }
    bool Accept(std::string_view text) {
        if (Peek().type == Token::Type::kEnd || Peek().text != text ||
            Peek().type == Token::Type::kString)
            return false;
        ++pos_;
        return true;
    }

    Evaluation Or() {
        Evaluation e = And();
        while (Accept("or")) {
            And();
            e = NotApplicable();
        }
        return e;
    }

    Evaluation And() {
        Evaluation all = Not();
        while (Accept("and")) Combine(all, Not());
        return all;
    }

    // Folds `next` into `all` for an `and`: not applicable wins, then failure.
    static void Combine(Evaluation& all, Evaluation next) {
        if (all.verdict == Verdict::kNotApplicable || next.verdict == Verdict::kIgnored) return;
        if (next.verdict == Verdict::kNotApplicable || all.verdict == Verdict::kIgnored) {
            all = std::move(next);
            return;
        }
        if (all.verdict == Verdict::kFail) return;
        if (next.verdict == Verdict::kFail) {
            all = std::move(next);
            return;
        }
        all.strength = std::max(all.strength, next.strength);
    }

    Evaluation Not() {
        if (!Accept("not")) return Comparison();
        Evaluation e = Not();
        Negate(e);
        return e;
    }

    Evaluation Comparison() {
        Value left = Operand();
        if (Accept("in") ||
            (Peek().text == "not" && Peek(1).text == "in" && Accept("not") && Accept("in"))) {
            Operand();
            return NotApplicable();
        }
        if (Peek().text != "==" && Peek().text != "!=") {
            if (left.kind == Value::Kind::kVerdict) return left.verdict;
            if (left.kind == Value::Kind::kIgnored || left.kind == Value::Kind::kNumber) return {};
            return NotApplicable();
        }
        Evaluation all;
        while (Peek().text == "==" || Peek().text == "!=") {
            bool equal = Peek().text == "==";
            ++pos_;
            Value right = Operand();
            Evaluation e = Equal(left, right);
            if (!equal) Negate(e);
            Combine(all, std::move(e));
            left = std::move(right);
        }
        return all;
    }

    Value Operand();
    Value Literal();
    Value Path(std::string root);

    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
    const std::vector<WireItem>& items_;
};

Value Evaluator::Literal() {
    const Token& t = Peek();
    if (t.type == Token::Type::kString) {
        Value v = Of(Value::Kind::kString);
        v.text = tokens_[pos_++].text;
        return v;
    }
    if (t.type == Token::Type::kNumber) {
        Value v = Of(Value::Kind::kNumber);
        v.number = std::stod(tokens_[pos_++].text);
        return v;
    }
    return Operand();
}

Value Evaluator::Operand() {
    const Token& t = Peek();
    if (t.type == Token::Type::kString || t.type == Token::Type::kNumber) return Literal();
    if (t.type == Token::Type::kEnd) return Of(Value::Kind::kNotApplicable);
    if (Accept("(")) {
        // A tuple if a top-level comma follows the first element, else a sub-expression.
        std::size_t save = pos_;
        Value first = Literal();
        if (Peek().text == ",") {
            Value tuple = Of(Value::Kind::kList);
            tuple.items.push_back(std::move(first));
            while (Accept(",") && Peek().text != ")") tuple.items.push_back(Literal());
            Accept(")");
            return tuple;
        }
        pos_ = save;
        Value v = Of(Value::Kind::kVerdict);
        v.verdict = Or();
        Accept(")");
        return v;
    }
    if (Accept("[")) {
        Value list = Of(Value::Kind::kList);
        while (Peek().text != "]" && Peek().type != Token::Type::kEnd) {
            list.items.push_back(Literal());
            Accept(",");
        }
        Accept("]");
        return list;
    }
    if (Accept("{")) {
        Value dict = Of(Value::Kind::kDict);
        while (Peek().text != "}" && Peek().type != Token::Type::kEnd) {
            Value key = Literal();
            Accept(":");
            dict.dict.emplace_back(key.text, Literal());
            Accept(",");
        }
        Accept("}");
        return dict;
    }
    if (t.type != Token::Type::kName) {
        ++pos_;
        return Of(Value::Kind::kNotApplicable);
    }
    std::string name = tokens_[pos_++].text;
    if (name == "None") return Of(Value::Kind::kNone);
    if (name == "True" || name == "False") {
        Value v = Of(Value::Kind::kNumber);
        v.number = name == "True" ? 1 : 0;
        return v;
    }
    if (name == "ord" && Accept("(")) {
        Value inner = Operand();
        Accept(")");
        return inner.kind == Value::Kind::kField ? Ord(inner.text) : inner;
    }
    if (name == "bozo") return Of(Value::Kind::kIgnored);
    return Path(std::move(name));
}

Value Evaluator::Path(std::string root) {
    std::vector<std::string> keys{std::move(root)};
    bool call = false;
    while (true) {
        if (Accept("[")) {
            Value key = Literal();
            keys.push_back(key.kind == Value::Kind::kNumber
                               ? std::to_string(static_cast<long>(key.number))
                               : key.text);
            Accept("]");
        } else if (Peek().text == "." && Peek(1).type == Token::Type::kName) {
            pos_ += 1;
            keys.push_back(tokens_[pos_++].text);
        } else if (Accept("(")) {
            call = true;  // len(...), x.has_key(...), locals(): not mapped.
            int depth = 1;
            while (depth > 0 && Peek().type != Token::Type::kEnd) {
                if (Peek().text == "(") ++depth;
                if (Peek().text == ")") --depth;
                ++pos_;
            }
        } else {
            break;
        }
    }
    if (call || keys[0] != "entries") return Of(Value::Kind::kNotApplicable);
    return Resolve(keys, items_);
}

}  // namespace

Evaluation EvaluateExpectation(std::string_view expression, const std::vector<WireItem>& items) {
    return Evaluator(Lex(expression), items).Run();
}

}  // namespace broadsheet::ingest::conformance
