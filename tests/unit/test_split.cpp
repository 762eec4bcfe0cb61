// Holdout, k-fold and validation splits: no row in two parts of one split, every row used,
// and stratification that keeps each class's share within one row.
#define BOOST_TEST_MODULE split
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "train/split.hpp"

using namespace bplab;

namespace {

// 103 rows in three classes of 50, 33 and 20 rows, interleaved.
Table imbalanced_table() {
    Table table;
    table.task = Task::multiclass;
    table.class_names = {"a", "b", "c"};
    table.features = Matrix::Zero(103, 2);
    table.targets.resize(103);
    int counts[3] = {50, 33, 20};
    Eigen::Index row = 0;
    while (row < 103)
        for (int c = 0; c < 3 && row < 103; ++c)
            if (counts[c] > 0) {
                --counts[c];
                table.targets(row++) = c;
            }
    return table;
}

std::vector<std::size_t> class_counts(const Table& table, const train::Indices& rows) {
    std::vector<std::size_t> counts(table.class_names.size(), 0);
    for (std::size_t row : rows)
        ++counts[static_cast<std::size_t>(table.targets(static_cast<Eigen::Index>(row)))];
    return counts;
}

void check_partition(const train::Split& split, std::size_t rows) {
    std::set<std::size_t> train(split.train.begin(), split.train.end());
    std::set<std::size_t> test(split.test.begin(), split.test.end());
    BOOST_TEST(train.size() == split.train.size());  // no duplicates
    BOOST_TEST(test.size() == split.test.size());
    for (std::size_t row : test)
        BOOST_TEST(train.count(row) == 0u, "row " << row << " is in both parts");
    BOOST_TEST(train.size() + test.size() == rows);
}

}  // namespace

BOOST_AUTO_TEST_CASE(holdout_is_stratified_partition) {
    const Table table = imbalanced_table();
    Random random(1);
    const train::Split split = train::holdout_split(table, 0.2, true, random);
    check_partition(split, 103);
    const auto test_counts = class_counts(table, split.test);
    const double expected[3] = {50 * 0.2, 33 * 0.2, 20 * 0.2};
    for (std::size_t c = 0; c < 3; ++c)
        BOOST_TEST(std::abs(static_cast<double>(test_counts[c]) - expected[c]) <= 1.0, "class " << c);
}

BOOST_AUTO_TEST_CASE(kfold_folds_partition_the_rows) {
    const Table table = imbalanced_table();
    const int k = 5;
    std::vector<int> times_tested(103, 0);
    for (int fold = 0; fold < k; ++fold) {
        // Every fold of one repetition comes from the same stream seed.
        Random random(9);
        const train::Split split = train::kfold_split(table, k, fold, true, random);
        check_partition(split, 103);
        for (std::size_t row : split.test)
            ++times_tested[row];
        const auto counts = class_counts(table, split.test);
        const double expected[3] = {50.0 / k, 33.0 / k, 20.0 / k};
        for (std::size_t c = 0; c < 3; ++c)
            BOOST_TEST(std::abs(static_cast<double>(counts[c]) - expected[c]) <= 1.0, "fold " << fold << ", class " << c);
        BOOST_TEST(split.test.size() >= 20u);
        BOOST_TEST(split.test.size() <= 21u);
    }
    BOOST_TEST(std::all_of(times_tested.begin(), times_tested.end(), [](int n) { return n == 1; }));
}

BOOST_AUTO_TEST_CASE(regression_kfold_is_unstratified) {
    Table table;
    table.task = Task::regression;
    table.features = Matrix::Zero(10, 1);
    table.targets = Vector::LinSpaced(10, 0, 9);
    std::vector<int> times_tested(10, 0);
    for (int fold = 0; fold < 3; ++fold) {
        Random random(2);
        const train::Split split = train::kfold_split(table, 3, fold, true, random);
        check_partition(split, 10);
        for (std::size_t row : split.test)
            ++times_tested[row];
    }
    BOOST_TEST(std::all_of(times_tested.begin(), times_tested.end(), [](int n) { return n == 1; }));
}

BOOST_AUTO_TEST_CASE(validation_is_carved_from_training_rows) {
    const Table table = imbalanced_table();
    Random random(3);
    const train::Split outer = train::holdout_split(table, 0.2, true, random);
    const train::Split inner = train::carve_validation(table, outer.train, 0.25, true, random);
    check_partition(inner, outer.train.size());
    std::set<std::size_t> test(outer.test.begin(), outer.test.end());
    for (std::size_t row : inner.test)
        BOOST_TEST(test.count(row) == 0u, "validation row " << row << " is also a test row");
    const auto counts = class_counts(table, inner.test);
    const auto train_counts = class_counts(table, outer.train);
    for (std::size_t c = 0; c < 3; ++c)
        BOOST_TEST(std::abs(static_cast<double>(counts[c]) - 0.25 * static_cast<double>(train_counts[c])) <= 1.0);
}

BOOST_AUTO_TEST_CASE(same_seed_gives_same_split) {
    const Table table = imbalanced_table();
    Random first(77), second(77);
    BOOST_TEST(train::holdout_split(table, 0.3, true, first).test == train::holdout_split(table, 0.3, true, second).test);
}
