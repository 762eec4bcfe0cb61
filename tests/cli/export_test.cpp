// runner export: the CSV is parsed here and every cell is checked against the trial files.
#define BOOST_TEST_MODULE export
#include <boost/test/unit_test.hpp>

#include <set>

#include <boost/json.hpp>

#include "cli_support.hpp"

using namespace bplab::testing;

namespace {

// A grid whose model.hidden values contain commas ([4, 4]), so they must be quoted, and
// 2-fold cross-validation, so the fold column is filled. No validation part.
const std::string kfold_experiment = R"(name: kfold
dataset: {name: synthetic, kind: xor, samples: 64}
split: {kind: kfold, k: 2, stratify: true}
model: {hidden: [4], activation: tanh}
training: {epochs: 3, batch_size: 16}
optimizer: {name: adam, lr: 0.05}
seeds: [7, 8]
grid:
  model.hidden: [[4], [4, 4]]
)";

// Returns a text or list grid value as export writes it.
std::string grid_cell(const boost::json::value& value) {
    if (value.is_string())
        return std::string(value.get_string());
    if (value.is_array()) {
        std::string text = "[";
        for (const auto& item : value.get_array())
            text += (text.size() > 1 ? ", " : "") + boost::json::serialize(item);
        return text + "]";
    }
    return boost::json::serialize(value);
}

// Checks every row of an export against the trial files of `folder`.
void check_rows(const std::vector<std::vector<std::string>>& records, const std::filesystem::path& folder,
                const std::vector<std::string>& grid_keys) {
    const auto trials = read_trials(folder);
    const auto& header = records.at(0);
    BOOST_TEST_REQUIRE(records.size() == trials.size() + 1);
    std::set<std::string> seen;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const auto& row = records[r];
        BOOST_TEST_REQUIRE(row.size() == header.size());
        const std::string& id = row[column(header, "trial_id")];
        BOOST_TEST_REQUIRE(trials.contains(id), "row " << r << " names an unknown trial " << id);
        seen.insert(id);
        const boost::json::object& trial = trials.at(id);
        for (const auto& key : grid_keys) {
            const auto& value = trial.at("point").at(key);
            if (value.is_number())
                BOOST_TEST(std::stod(row[column(header, key)]) == value.to_number<double>(), key);
            else
                BOOST_TEST(row[column(header, key)] == grid_cell(value));
        }
        BOOST_TEST(row[column(header, "seed")] == std::to_string(trial.at("seed").as_int64()));
        const auto& fold = trial.at("fold");
        BOOST_TEST(row[column(header, "fold")] == (fold.is_null() ? std::string() : std::to_string(fold.as_int64())));
        BOOST_TEST(row[column(header, "repeat")].empty());
        BOOST_TEST(row[column(header, "status")] == std::string(trial.at("status").as_string()));
        // Every metric column: the exact value of the trial file, or an empty cell.
        for (std::size_t c = column(header, "status") + 1; c < header.size(); ++c) {
            const std::string& name = header[c];
            const auto dot = name.find('.');
            const auto* metrics = trial.at("metrics").as_object().if_contains(name.substr(0, dot));
            const auto* value = metrics ? metrics->as_object().if_contains(name.substr(dot + 1)) : nullptr;
            if (!value) {
                BOOST_TEST(row[c].empty(), "trial " << id << " has no " << name << " but the cell is " << row[c]);
                continue;
            }
            BOOST_TEST_REQUIRE(!row[c].empty(), "trial " << id << " lacks " << name);
            BOOST_TEST(std::stod(row[c]) == value->to_number<double>(), "trial " << id << " " << name);
        }
    }
    BOOST_TEST(seen.size() == trials.size());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(export_csv)

BOOST_AUTO_TEST_CASE(rows_match_trial_files) {
    const TempDir dir;
    const auto folder = make_run(dir, "tiny", tiny_experiment);
    const ProcessResult result = run_runner({"export", folder.string(), "--format", "csv"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    BOOST_TEST(result.out.ends_with("\r\n"));
    const auto records = parse_csv(result.out);
    const std::vector<std::string> header{
        "trial_id", "optimizer.lr", "model.activation", "seed", "fold", "repeat", "status",
        "train.loss", "train.accuracy", "train.precision", "train.recall", "train.f1", "train.log_loss",
        "validation.loss", "validation.accuracy", "validation.precision", "validation.recall", "validation.f1", "validation.log_loss",
        "test.loss", "test.accuracy", "test.precision", "test.recall", "test.f1", "test.log_loss"};
    BOOST_TEST(records.at(0) == header, boost::test_tools::per_element());
    BOOST_TEST(records.size() == 13u);
    check_rows(records, folder, {"optimizer.lr", "model.activation"});
}

BOOST_AUTO_TEST_CASE(quotes_lists_and_fills_folds) {
    const TempDir dir;
    const auto folder = make_run(dir, "kfold", kfold_experiment);
    const auto file = dir / "out.csv";
    const ProcessResult result = run_runner({"export", folder.string(), "--format", "csv", "--output", file.string()});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == "wrote 8 rows to " + file.string() + "\n");
    const std::string text = read_text(file);
    // RFC 4180: a field with a comma is quoted.
    BOOST_TEST(text.find(",\"[4, 4]\",") != std::string::npos);
    BOOST_TEST(text.find(",[4],") != std::string::npos);
    const auto records = parse_csv(text);
    BOOST_TEST(records.at(0).size() == 6u + 12u);  // no validation part: train and test metrics only
    check_rows(records, folder, {"model.hidden"});
    std::set<std::string> folds;
    for (std::size_t r = 1; r < records.size(); ++r)
        folds.insert(records[r][column(records[0], "fold")]);
    BOOST_TEST(folds == (std::set<std::string>{"1", "2"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(absent_metrics_are_empty_cells) {
    const TempDir dir;
    const auto folder = make_run(dir, "tiny", tiny_experiment);
    // Turn one trial into a diverged one, as the runner writes it: no metrics.
    auto trials = read_trials(folder);
    auto& [id, trial] = *trials.begin();
    trial["status"] = "diverged";
    trial["error"] = "loss became NaN at epoch 3";
    trial["metrics"] = boost::json::object{};
    dir.write("tiny/trials/" + id + ".json", boost::json::serialize(trial));

    const ProcessResult result = run_runner({"export", folder.string(), "--format", "csv"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    const auto records = parse_csv(result.out);
    check_rows(records, folder, {"optimizer.lr", "model.activation"});
    std::size_t diverged = 0;
    for (const auto& row : records)
        if (row[0] == id) {
            ++diverged;
            BOOST_TEST(row[column(records[0], "status")] == "diverged");
            BOOST_TEST(row[column(records[0], "test.accuracy")].empty());
            BOOST_TEST(row[column(records[0], "train.loss")].empty());
        }
    BOOST_TEST(diverged == 1u);
}

BOOST_AUTO_TEST_CASE(bad_arguments_are_rejected) {
    const TempDir dir;
    ProcessResult result = run_runner({"export", (dir / "none").string(), "--format", "csv"});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: " + (dir / "none").string() + ": results folder not found\n");
    result = run_runner({"export", dir.path().string(), "--format", "parquet"});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: --format: only csv is supported, got 'parquet'\n");
    result = run_runner({"export"});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: expected one results folder; usage: runner export DIR --format csv [--output FILE]\n");
}

BOOST_AUTO_TEST_SUITE_END()
