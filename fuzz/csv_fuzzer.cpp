// libFuzzer target for bplab::csv::parse_table. The first input byte chooses the reader's
// options (delimiter, header, task, target column), the rest is the file's text. Any
// bplab::Error is an accepted outcome; a crash, a sanitizer report, another exception type or a
// table that breaks its own invariants is a bug.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <bplab/csv.hpp>

namespace {

// Checks what every table returned by parse_table promises.
void check_table(const bplab::Table& table) {
    const Eigen::Index rows = table.features.rows();
    if (table.targets.size() != rows || rows == 0)
        std::abort();
    if (static_cast<std::size_t>(table.features.cols()) != table.feature_names.size())
        std::abort();
    if (!table.features.allFinite() || !table.targets.allFinite())
        std::abort();
    if (table.task != bplab::Task::regression) {
        const auto classes = static_cast<double>(table.class_names.size());
        if (classes < 2)
            std::abort();
        for (Eigen::Index i = 0; i < rows; ++i)
            if (table.targets(i) < 0 || table.targets(i) >= classes || table.targets(i) != std::floor(table.targets(i)))
                std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const std::uint8_t choice = data[0];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

    bplab::csv::ReadOptions options;
    static const char delimiters[] = {',', ';', '\t', '|'};
    static const char* const tasks[] = {"auto", "binary", "multiclass", "regression"};
    static const char* const targets[] = {"", "-1", "0", "class"};
    options.delimiter = delimiters[choice & 3];
    options.task = tasks[(choice >> 2) & 3];
    options.target = targets[(choice >> 4) & 3];
    options.header = (choice & 0x40) == 0;

    try {
        check_table(bplab::csv::parse_table(text, options, "fuzz.csv"));
    } catch (const bplab::Error&) {
    }
    return 0;
}
