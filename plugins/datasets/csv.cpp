// Any CSV file: one target column, every other column a numeric feature.
#include <bplab/csv.hpp>
#include <bplab/plugin.hpp>

class Csv final : public bplab::Dataset {
public:
    explicit Csv(const bplab::Options& options)
        : path_(options.string("path")), target_(options.string("target")), task_(options.string("task")),
          header_(options.boolean("header")), delimiter_(options.string("delimiter")) {}

    bplab::Table load(const bplab::DatasetContext& context) override {
        if (path_.empty())
            throw bplab::Error("dataset csv: the option 'path' is required (the CSV file to read)");
        bplab::csv::ReadOptions read;
        read.header = header_;
        read.target = target_;
        read.task = task_;
        read.delimiter = delimiter_ == "tab" || delimiter_ == "\\t" ? '\t' : delimiter_[0];
        return bplab::csv::read_table(context.resolve(path_), read);
    }

private:
    std::string path_, target_, task_;
    bool header_;
    std::string delimiter_;
};

BPLAB_DATASET(Csv, .name = "csv", .version = "1.0.0", .summary = "a CSV file with numeric features and one target column",
              .options = {{.name = "path", .type = bplab::OptionType::string, .default_value = std::string(),
                           .help = "the CSV file (required); relative paths are looked up as for the other datasets"},
                          {.name = "target", .type = bplab::OptionType::string, .default_value = std::string(),
                           .help = "target column: a header name, or a 0-based index (-1 is the last); default the last column"},
                          {.name = "task", .type = bplab::OptionType::string, .default_value = std::string("auto"),
                           .choices = {"auto", "binary", "multiclass", "regression"},
                           .help = "auto: text labels or two distinct numbers are classes, other numbers regression"},
                          {.name = "header", .type = bplab::OptionType::boolean, .default_value = true,
                           .help = "whether the first row holds the column names"},
                          {.name = "delimiter", .type = bplab::OptionType::string, .default_value = std::string(","),
                           .choices = {",", ";", "tab", "|", " "}, .help = "field separator"}})
