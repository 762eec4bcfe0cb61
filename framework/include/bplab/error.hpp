// The one exception type of Backprop Lab. It carries where a problem is (a file with a line and
// column, or a row and field of a data file) so that the runner can print one clear message and
// choose the exit code, whichever layer threw it.
#pragma once

#include <stdexcept>
#include <string>

namespace bplab {

// What went wrong, in the categories that decide the runner's exit code.
enum class ErrorKind {
    input,   // a bad experiment file, data file, plugin library or command line: exit code 2
    trial,   // a failure inside one trial (a plugin threw): recorded, the grid goes on
};

// Location of a problem in a text file; line and column are 1-based and 0 when unknown.
struct Location {
    std::string file;
    int line = 0;
    int column = 0;
};

// An error with its location. `what()` returns the full message, location first, in the
// form "FILE:LINE:COLUMN: MESSAGE" that editors and terminals turn into links.
class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const Location& where, const std::string& message)
        : std::runtime_error(format(where, message)), kind_(kind), where_(where), message_(message) {}

    explicit Error(const std::string& message) : Error(ErrorKind::input, Location{}, message) {}

    ErrorKind kind() const noexcept { return kind_; }
    const Location& where() const noexcept { return where_; }
    // Returns the message without the location prefix.
    const std::string& message() const noexcept { return message_; }

private:
    static std::string format(const Location& where, const std::string& message) {
        if (where.file.empty())
            return message;
        // Built with append rather than operator+, which trips GCC 12's false -Wrestrict
        // warning (GCC bug 105329).
        std::string text = where.file;
        if (where.line > 0) {
            text.append(":").append(std::to_string(where.line));
            if (where.column > 0)
                text.append(":").append(std::to_string(where.column));
        }
        text.append(": ").append(message);
        return text;
    }

    ErrorKind kind_;
    Location where_;
    std::string message_;
};

}  // namespace bplab
