// Test-only dataset with a missing value, for the check-plugin tests: three rows of two
// features, where the second feature of row 2 is NaN.
#include <limits>

#include <bplab/plugin.hpp>

class NanDataset final : public bplab::Dataset {
public:
    explicit NanDataset(const bplab::Options&) {}

    bplab::Table load(const bplab::DatasetContext&) override {
        bplab::Table table;
        table.features.resize(3, 2);
        table.features << 1.0, 2.0, 3.0, std::numeric_limits<double>::quiet_NaN(), 5.0, 6.0;
        table.targets.resize(3);
        table.targets << 0.5, 1.5, 2.5;
        table.feature_names = {"x1", "x2"};
        table.target_name = "y";
        table.task = bplab::Task::regression;
        table.source = "three rows with one NaN";
        return table;
    }
};

BPLAB_DATASET(NanDataset, .name = "nan_dataset", .version = "1.0.0", .summary = "three rows with one NaN (test only)")
