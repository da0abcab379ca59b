// A minimal streaming JSON writer for the report's data: objects, arrays, strings and
// numbers, with commas placed automatically. Non-finite numbers become null (JSON has no
// NaN), and '<' is escaped so that the text can sit inside an HTML <script> element.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::analysis {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(double number);
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(bool flag);
  JsonWriter& null();
  JsonWriter& numbers(std::span<const double> values);
  JsonWriter& strings(std::span<const std::string> values);
  // key(name) followed by value(v): the common case of one field.
  template <class Value>
  JsonWriter& field(std::string_view name, const Value& v) {
    key(name);
    return value(v);
  }
  [[nodiscard]] const std::string& text() const { return out_; }

 private:
  void separate();
  std::string out_;
  std::vector<bool> first_in_scope_;
  bool after_key_ = false;
};

}  // namespace rapport::analysis
