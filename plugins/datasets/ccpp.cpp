// UCI Combined Cycle Power Plant (Tüfekci and Kaya, 2014): hourly ambient conditions and the
// plant's net electrical output PE in MW. 9568 rows with the header AT, V, AP, RH, PE.
#include <bplab/csv.hpp>
#include <bplab/plugin.hpp>

class Ccpp final : public bplab::Dataset {
public:
    explicit Ccpp(const bplab::Options& options) : path_(options.string("path")) {}

    bplab::Table load(const bplab::DatasetContext& context) override {
        const auto file = context.resolve(path_);
        bplab::csv::ReadOptions read;
        read.target = "PE";
        read.task = "regression";
        bplab::Table table = bplab::csv::read_table(file, read);

        const std::vector<std::string> expected = {"AT", "V", "AP", "RH"};
        if (table.feature_names != expected || table.target_name != "PE")
            throw bplab::Error(bplab::ErrorKind::input, {file.string(), 1, 0},
                               "expected the columns AT, V, AP, RH, PE in the header");
        if (table.features.rows() != 9568)
            throw bplab::Error(bplab::ErrorKind::input, {file.string(), 0, 0},
                               "expected 9568 rows of power plant data, found " + std::to_string(table.features.rows()));
        return table;
    }

private:
    std::string path_;
};

BPLAB_DATASET(Ccpp, .name = "ccpp", .version = "1.0.0",
              .summary = "UCI Combined Cycle Power Plant: 9568 hours, 4 ambient features, output PE in MW",
              .options = {{.name = "path", .type = bplab::OptionType::string,
                           .default_value = std::string("data/ccpp_Folds5x2_pp.csv"),
                           .help = "the data file; a relative path is looked up in the working directory, "
                                   "beside the experiment file and in Backprop Lab's data folder"}})
