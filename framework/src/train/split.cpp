#include "train/split.hpp"

#include <algorithm>
#include <cmath>

namespace bplab::train {

namespace {

void shuffle(Indices& indices, Random& random) {
    for (std::size_t i = indices.size(); i > 1; --i)
        std::swap(indices[i - 1], indices[random.below(i)]);
}

// Groups the given rows by class (one group for regression or without stratification), each
// group in the order given.
std::vector<Indices> group_rows(const Table& table, const Indices& rows, bool stratify) {
    if (!stratify || table.task == Task::regression)
        return {rows};
    std::vector<Indices> groups(table.class_names.size());
    for (std::size_t row : rows)
        groups[static_cast<std::size_t>(table.targets(static_cast<Eigen::Index>(row)))].push_back(row);
    return groups;
}

Indices all_rows(const Table& table) {
    Indices rows(static_cast<std::size_t>(table.features.rows()));
    for (std::size_t i = 0; i < rows.size(); ++i)
        rows[i] = i;
    return rows;
}

// Takes round(fraction × size) rows of each shuffled group into `taken`, the rest into `kept`.
Split take_fraction(const Table& table, const Indices& rows, double fraction, bool stratify, Random& random) {
    Split parts;
    for (Indices& group : group_rows(table, rows, stratify)) {
        shuffle(group, random);
        const auto count = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(group.size())));
        parts.test.insert(parts.test.end(), group.begin(), group.begin() + static_cast<std::ptrdiff_t>(count));
        parts.train.insert(parts.train.end(), group.begin() + static_cast<std::ptrdiff_t>(count), group.end());
    }
    std::sort(parts.train.begin(), parts.train.end());
    std::sort(parts.test.begin(), parts.test.end());
    return parts;
}

}  // namespace

Split holdout_split(const Table& table, double test_fraction, bool stratify, Random& random) {
    return take_fraction(table, all_rows(table), test_fraction, stratify, random);
}

Split kfold_split(const Table& table, int k, int fold, bool stratify, Random& random) {
    // Deal the shuffled rows of each class round-robin, continuing the count from one class to
    // the next, so fold sizes differ by at most one row.
    std::vector<int> fold_of(static_cast<std::size_t>(table.features.rows()), 0);
    std::size_t dealt = 0;
    for (Indices& group : group_rows(table, all_rows(table), stratify)) {
        shuffle(group, random);
        for (std::size_t row : group)
            fold_of[row] = static_cast<int>(dealt++ % static_cast<std::size_t>(k));
    }
    Split parts;
    for (std::size_t row = 0; row < fold_of.size(); ++row)
        (fold_of[row] == fold ? parts.test : parts.train).push_back(row);
    return parts;
}

Split carve_validation(const Table& table, const Indices& train, double fraction, bool stratify, Random& random) {
    return take_fraction(table, train, fraction, stratify, random);
}

std::size_t smallest_class_size(const Table& table) {
    if (table.task == Task::regression)
        return static_cast<std::size_t>(table.features.rows());
    std::vector<std::size_t> counts(table.class_names.size(), 0);
    for (Eigen::Index i = 0; i < table.targets.size(); ++i)
        ++counts[static_cast<std::size_t>(table.targets(i))];
    return *std::min_element(counts.begin(), counts.end());
}

}  // namespace bplab::train
