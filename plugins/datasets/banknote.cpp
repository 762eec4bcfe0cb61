// UCI banknote authentication (Lohweg, 2013): four statistics of a wavelet-transformed image
// of a banknote and whether it is forged. 1372 rows, no header; class 0 is genuine, 1 forged.
#include <bplab/csv.hpp>
#include <bplab/plugin.hpp>

class Banknote final : public bplab::Dataset {
public:
    explicit Banknote(const bplab::Options& options) : path_(options.string("path")) {}

    bplab::Table load(const bplab::DatasetContext& context) override {
        const auto file = context.resolve(path_);
        bplab::csv::ReadOptions read;
        read.header = false;
        read.column_names = {"variance", "skewness", "curtosis", "entropy", "class"};
        read.target = "class";
        read.task = "binary";
        bplab::Table table = bplab::csv::read_table(file, read);

        // A truncated or substituted file would still parse, so its shape is checked too.
        if (table.features.rows() != 1372)
            throw bplab::Error(bplab::ErrorKind::input, {file.string(), 0, 0},
                               "expected 1372 rows of banknote data, found " + std::to_string(table.features.rows()));
        table.class_names = {"genuine", "forged"};
        return table;
    }

private:
    std::string path_;
};

BPLAB_DATASET(Banknote, .name = "banknote", .version = "1.0.0",
              .summary = "UCI banknote authentication: 1372 notes, 4 features, genuine or forged",
              .options = {{.name = "path", .type = bplab::OptionType::string,
                           .default_value = std::string("data/data_banknote_authentication.txt"),
                           .help = "the data file; a relative path is looked up in the working directory, "
                                   "beside the experiment file and in Backprop Lab's data folder"}})
