#pragma once
// Errors as values: lower layers return Expected<T>; only main turns an Error into
// a message on stderr and an exit code (the codes are the CLI contract in README.md).
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ssi {

enum class ExitCode : int {
  ok = 0,
  usage = 1,         // the command line is wrong
  bad_input = 2,     // a named file or field is wrong
  unresolvable = 3,  // dependencies cannot be resolved
  step_failed = 4,   // a build or install step failed
};

struct Error {
  ExitCode code = ExitCode::bad_input;
  std::string message;  // one line: names the file (and field or package) at fault
};

inline Error bad_input(std::string message) { return {ExitCode::bad_input, std::move(message)}; }
inline Error step_failed(std::string message) { return {ExitCode::step_failed, std::move(message)}; }

struct Unit {};

template <class T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : state_(std::move(value)) {}
  Expected(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const T& value() const& { return std::get<0>(state_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(state_); }
  T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }

 private:
  std::variant<T, Error> state_;
};

using Status = Expected<Unit>;
inline Status success() { return Unit{}; }

// Thrown only across the CLI boundary: main's single catch prints it.
struct Failure {
  Error error;
};

template <class T>
T value_or_throw(Expected<T> e) {
  if (!e) throw Failure{e.error()};
  return std::move(e).value();
}

}  // namespace ssi
