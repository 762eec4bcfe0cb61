// Splits of a dataset into parts, as lists of row indices into the shared table: a holdout
// test part, the folds of (repeated) k-fold cross-validation, and a validation part carved from
// a training part. Classification splits are stratified unless asked otherwise: each class is
// shuffled and dealt out on its own, so every part keeps the class ratios within one sample.
#pragma once

#include <cstddef>
#include <vector>

#include "bplab/dataset.hpp"
#include "bplab/random.hpp"

namespace bplab::train {

using Indices = std::vector<std::size_t>;

struct Split {
    Indices train;
    Indices test;
};

// Puts round(test_fraction × count) rows of each class (or of all rows) into the test part.
Split holdout_split(const Table& table, double test_fraction, bool stratify, Random& random);

// Deals the rows into k folds and returns fold `fold` (0-based) as the test part. One random
// stream gives one partition, so every fold of a repetition must be made with the same seed.
Split kfold_split(const Table& table, int k, int fold, bool stratify, Random& random);

// Moves round(fraction × count) rows of `train` (per class when stratified) into a validation
// part; returns {remaining training rows, validation rows}.
Split carve_validation(const Table& table, const Indices& train, double fraction, bool stratify, Random& random);

// Returns the number of rows of the rarest class, or the row count for regression.
std::size_t smallest_class_size(const Table& table);

}  // namespace bplab::train
