#include "sim/toml_input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <sstream>
#include <vector>

namespace rapport::sim {
namespace {

// Input files are a few kilobytes; this only stops a mistaken multi-gigabyte read.
constexpr off_t kMaxInputBytes = 64 << 20;

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

// The most parts of one dotted key in `text` and the line it is on, found lexically:
// toml++ recurses once per level while parsing, so a key 100,000 parts long would exhaust
// the stack before any check on the parsed tree. Dots count only between key characters,
// outside strings and comments; a number has at most one.
std::pair<std::size_t, std::size_t> longest_dotted_key(const std::string& text) {
  std::size_t line = 1, dots = 0, most = 0, most_line = 1;
  const auto is_key_character = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '+' || c == ' ' || c == '\t';
  };
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '"' || c == '\'') {  // a quoted key part or a string value: skipped whole
      const std::string triple(3, c);
      const bool multiline = text.compare(i, 3, triple) == 0;
      i += multiline ? 3 : 1;
      while (i < text.size()) {
        if (c == '"' && text[i] == '\\') {
          i += 2;
          continue;
        }
        if (multiline ? text.compare(i, 3, triple) == 0 : text[i] == c) break;
        if (!multiline && text[i] == '\n') break;
        if (text[i] == '\n') ++line;
        ++i;
      }
      i += multiline ? 3 : 1;
    } else if (c == '.') {
      if (++dots > most) {
        most = dots;
        most_line = line;
      }
      ++i;
    } else {
      if (!is_key_character(c)) dots = 0;
      if (c == '\n') ++line;
      ++i;
    }
  }
  return {most + 1, most_line};
}

// The deepest nesting of tables and arrays under `root` and where it is, found without recursion.
std::pair<std::size_t, const toml::node*> deepest(const toml::table& root) {
  std::size_t max_depth = 0;
  const toml::node* where = &root;
  std::vector<std::pair<const toml::node*, std::size_t>> todo{{&root, 0}};
  while (!todo.empty()) {
    // Plain variables, not a structured binding: the lambda below captures `depth`,
    // which clang 14 refuses for a binding.
    const toml::node* node = todo.back().first;
    const std::size_t depth = todo.back().second;
    todo.pop_back();
    if (depth > max_depth) {
      max_depth = depth;
      where = node;
    }
    const auto push = [&](const toml::node& child) {
      if (child.is_table() || child.is_array()) todo.emplace_back(&child, depth + 1);
    };
    if (const auto* table = node->as_table()) {
      for (auto&& [key, child] : *table) push(child);
    } else if (const auto* array = node->as_array()) {
      for (const auto& child : *array) push(child);
    }
  }
  return {max_depth, where};
}

}  // namespace

std::string read_input_file(const std::filesystem::path& file, std::string_view what) {
  const std::string name = file.string();
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the check below refuses it.
  const FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) throw ConfigError(name + ": no such " + std::string(what));
    throw ConfigError(name + ": cannot open the " + std::string(what) + ": " + std::strerror(errno));
  }
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) {
    throw ConfigError(name + ": cannot read the " + std::string(what) + ": " + std::strerror(errno));
  }
  if (S_ISDIR(status.st_mode)) throw ConfigError(name + ": is a directory, not a " + std::string(what));
  if (!S_ISREG(status.st_mode)) {
    throw ConfigError(name + ": is not a regular file (a FIFO, device or socket), not a " + std::string(what));
  }
  if (status.st_size > kMaxInputBytes) {
    throw ConfigError(name + ": is " + std::to_string(status.st_size) + " bytes; a " + std::string(what) +
                      " may have at most " + std::to_string(kMaxInputBytes));
  }
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw ConfigError(name + ": cannot read the " + std::string(what) + ": " + std::strerror(errno));
    }
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > static_cast<std::size_t>(kMaxInputBytes)) {
      throw ConfigError(name + ": a " + std::string(what) + " may have at most " + std::to_string(kMaxInputBytes) +
                        " bytes");
    }
  }
  return text;
}

toml::table parse_toml_text(const std::string& text, const std::string& source_name) {
  if (const auto nul = text.find('\0'); nul != std::string::npos) {
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
    throw input_error(source_name + ":" + std::to_string(line), "",
                      "contains a NUL byte; a TOML file is text (UTF-8)");
  }
  if (const auto [parts, line] = longest_dotted_key(text); parts > kMaxKeyDepth) {
    throw input_error(source_name + ":" + std::to_string(line), "",
                      "a key has " + std::to_string(parts) + " parts; allowed: at most " + std::to_string(kMaxKeyDepth));
  }
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw ConfigError(source_name + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
                      ": TOML syntax error: " + std::string(e.description()));
  }
  // Headers, dotted keys and inline tables together can still nest deeper than any key.
  // A table at depth d holds keys of d + 1 parts.
  if (const auto [depth, node] = deepest(root); depth + 1 > kMaxKeyDepth) {
    throw input_error(location(source_name, *node), "", "keys are nested " + std::to_string(depth + 1) +
                                                           " levels deep; allowed: at most " +
                                                           std::to_string(kMaxKeyDepth));
  }
  return root;
}

std::string location(const std::string& file, const toml::node& node) {
  const auto line = node.source().begin.line;
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

void flatten_table(const toml::table& table, const std::string& file, Settings& out, const std::string& prefix) {
  // Nested tables are at most kMaxKeyDepth deep (parse_toml_text), so the recursion is bounded.
  for (auto&& [k, node] : table) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    const std::string origin = location(file, node);
    if (const auto* sub = node.as_table()) {
      flatten_table(*sub, file, out, key);
      continue;
    }
    ParameterValue value;
    if (const auto* i = node.as_integer()) {
      value = i->get();
    } else if (const auto* d = node.as_floating_point()) {
      value = d->get();
    } else if (const auto* b = node.as_boolean()) {
      value = b->get();
    } else if (const auto* s = node.as_string()) {
      value = s->get();
    } else {
      throw input_error(origin, key, "unsupported value type; allowed: a number, boolean or string");
    }
    const auto [it, inserted] = out.try_emplace(key, Setting{std::move(value), origin});
    if (!inserted) throw input_error(origin, key, "given twice (also at " + it->second.origin + ")");
  }
}

void TomlReader::check_keys(const toml::table& table, std::span<const std::string_view> known,
                            const std::string& prefix) const {
  for (auto&& [key, node] : table) {
    if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
    std::vector<std::string> names;
    for (const auto k : known) names.push_back(prefix + std::string(k));
    const std::string full = prefix + std::string(key.str());
    const std::string hint = did_you_mean(full, names);
    if (!hint.empty()) throw input_error(at(node), full, "unknown key; " + hint + " (" + listed_in_ + " lists every key)");
    std::string list;
    for (const auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    throw input_error(at(node), full, "unknown key; allowed: " + list);
  }
}

const toml::node& TomlReader::required(const toml::table& table, std::string_view key, const std::string& label) const {
  const toml::node* node = table.get(key);
  if (!node) throw input_error(location(file_, table), label, "missing");
  return *node;
}

std::string TomlReader::string(const toml::node& node, const std::string& label) const {
  const auto* value = node.as_string();
  if (!value) throw input_error(at(node), label, "must be a string");
  return value->get();
}

double TomlReader::number(const toml::node& node, const std::string& label) const {
  if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
  if (const auto* d = node.as_floating_point(); d && std::isfinite(d->get())) return d->get();
  throw input_error(at(node), label, "must be a finite number");
}

std::int64_t TomlReader::integer(const toml::node& node, const std::string& label, std::int64_t min,
                                 std::int64_t max) const {
  const auto* i = node.as_integer();
  if (!i) throw input_error(at(node), label, "must be an integer");
  if (i->get() < min || i->get() > max) {
    throw input_error(at(node), label, "is " + std::to_string(i->get()) + ", out of range; allowed: an integer from " +
                                           std::to_string(min) + " to " + std::to_string(max));
  }
  return i->get();
}

std::string TomlReader::choice(const toml::node& node, const std::string& label,
                               std::span<const std::string_view> allowed) const {
  std::string value = string(node, label);
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return value;
  std::vector<std::string> names(allowed.begin(), allowed.end());
  std::string list;
  for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
  const std::string hint = did_you_mean(value, names);
  throw input_error(at(node), label, "is '" + value + "'; allowed: " + list + (hint.empty() ? "" : " (" + hint + ")"));
}

std::string shortest_decimal(double x) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, x);
  return {text, result.ptr};
}

std::string toml_literal(const ParameterValue& value) {
  std::ostringstream out;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) {
          out << (v ? "true" : "false");
        } else if constexpr (std::is_same_v<T, std::string>) {
          out << toml::value<std::string>(v);
        } else if constexpr (std::is_same_v<T, double>) {
          // to_chars writes inf and nan as TOML does.
          const std::string decimal = shortest_decimal(v);
          const bool reads_as_integer = decimal.find_first_of(".en") == std::string::npos;
          out << decimal << (reads_as_integer ? ".0" : "");
        } else {
          out << v;
        }
      },
      value);
  return out.str();
}

}  // namespace rapport::sim
