// Mistakes in an experiment file stop the runner before anything runs: exit code 2 and one
// message that names the file, line and column and what was expected.
#define BOOST_TEST_MODULE errors_yaml
#include <boost/test/unit_test.hpp>

#include <string>

#include "error_support.hpp"

using namespace bplab::testing;

namespace {

struct Case {
    const char* name;
    std::string yaml;
    const char* message;  // what follows "error: FILE:" on standard error
};

// Returns a flow list of `count` copies of `value`, such as [1, 1, 1].
std::string repeat_list(const std::string& value, int count) {
    std::string list = "[";
    for (int i = 0; i < count; ++i)
        list += (i ? ", " : "") + value;
    return list + "]";
}

// Returns a block mapping nested `depth` levels deep under the key x.
std::string deep_block_mapping(int depth) {
    std::string yaml = "dataset: banknote\nx:\n";
    for (int i = 0; i < depth; ++i)
        yaml += std::string(2 * (i + 1), ' ') + "k" + std::to_string(i) + ":\n";
    return yaml;
}

const Case cases[] = {
    {"syntax_bracket",
     "dataset: banknote\nmodel: {hidden: [8, 8}\n",
     "2:22: this '}' does not match the '[' opened at line 2, column 17\n"},
    {"syntax_unclosed_flow",
     "dataset: banknote\nmodel: {hidden: [8, 8]\n",
     "2:8: this '{' is not closed by a matching '}'\n"},
    {"syntax_indent",
     "dataset: banknote\nmodel:\n  hidden: [8]\n   activation: tanh\n",
     "4:4: invalid YAML: a mapping ends unexpectedly here; check that the keys of one mapping are indented equally\n"},
    {"syntax_tab",
     "dataset: banknote\nmodel:\n\thidden: [8]\n",
     "3:1: a tab in the indentation; YAML indents with spaces only\n"},
    {"syntax_open_quote",
     "dataset: banknote\ndescription: it's fine\nname: \"abc\n",
     "3:7: this quoted value is not closed: the closing \" is missing\n"},
    {"syntax_colon_in_value",
     "dataset: banknote\nmodel: hidden: [8]\n",
     "2:14: invalid YAML: a ':' cannot start a value here; quote a value that contains ': ', and put a nested mapping on its own indented lines\n"},
    {"syntax_escape",
     "dataset: banknote\nname: \"a\\qb\"\n",
     "2:11: invalid YAML: unknown escape sequence '\\q' in a double-quoted value; write \\\\ for a backslash, or use single quotes\n"},
    {"syntax_reserved",
     "dataset: banknote\nname: @x\n",
     "2:7: invalid YAML: unexpected character; quote a value that starts with @ or `, which YAML reserves\n"},
    {"unknown_key_top",
     tiny_base + "modle: {hidden: [8]}\n",
     "3:1: unknown key 'modle'; did you mean 'model'? The keys at the top level are: dataset, description, grid, model, name, optimizer, primary_metric, seeds, split, training\n"},
    {"unknown_key_nested",
     tiny_base + "model: {hiden: [8]}\n",
     "3:9: unknown key 'model.hiden'; did you mean 'hidden'? The keys in model are: activation, bias, hidden, init, loss, output\n"},
    {"unknown_key_far",
     tiny_base + "model: {zzzzqqq: [8]}\n",
     "3:9: unknown key 'model.zzzzqqq'. The keys in model are: activation, bias, hidden, init, loss, output\n"},
    {"type_integer",
     "dataset: {name: synthetic, kind: xor, samples: 40}\ntraining: {epochs: many}\n",
     "2:20: training.epochs: expected an integer, got 'many'\n"},
    {"type_list",
     tiny_base + "model: {hidden: 8}\n",
     "3:17: model.hidden: expected a list of integers such as [16, 16], got '8'\n"},
    {"type_number",
     tiny_base + "optimizer: {name: adam, lr: fast}\n",
     "3:29: optimizer.lr: expected a number, got 'fast'\n"},
    {"type_boolean",
     tiny_base + "split: {stratify: maybe}\n",
     "3:19: split.stratify: expected true or false, got 'maybe'\n"},
    {"type_section",
     "dataset: {name: synthetic, kind: xor, samples: 40}\ntraining: 5\n",
     "2:11: training: expected a mapping of settings, got '5'\n"},
    {"type_quoted_integer",
     "dataset: {name: synthetic, kind: xor, samples: 40}\ntraining: {epochs: '5'}\n",
     "2:20: training.epochs: expected an integer, got the quoted string '5'; remove the quotes\n"},
    {"range_negative_lr",
     tiny_base + "optimizer: {name: adam, lr: -0.1}\n",
     "3:29: optimizer.lr: -0.1 is out of range; expected a number > 0\n"},
    {"range_zero_lr",
     tiny_base + "optimizer: {name: adam, lr: 0}\n",
     "3:29: optimizer.lr: 0 is out of range; expected a number > 0\n"},
    {"range_zero_epochs",
     "dataset: {name: synthetic, kind: xor, samples: 40}\ntraining: {epochs: 0}\n",
     "2:20: training.epochs: 0 is out of range; expected an integer in [1, 1000000000]\n"},
    {"range_empty_hidden",
     tiny_base + "model: {hidden: []}\n",
     "3:17: model.hidden: the list is empty; give at least one layer size, such as [16]\n"},
    {"range_zero_width",
     tiny_base + "model: {hidden: [8, 0]}\n",
     "3:21: model.hidden: a layer of 0 neurons; every layer needs at least 1\n"},
    {"range_test_zero",
     tiny_base + "split: {test: 0}\n",
     "3:15: split.test: 0 is out of range; expected a number in (0, 1)\n"},
    {"range_test_one",
     tiny_base + "split: {test: 1}\n",
     "3:15: split.test: 1 is out of range; expected a number in (0, 1)\n"},
    {"range_test_above",
     tiny_base + "split: {test: 1.5}\n",
     "3:15: split.test: 1.5 is out of range; expected a number in (0, 1)\n"},
    {"range_folds_rarest",
     "dataset: {name: synthetic, kind: xor, samples: 8}\ntraining: {epochs: 1}\nsplit: {kind: kfold, k: 5}\n",
     "3:25: split.k: 5 folds need at least 5 rows of every class, but the rarest class has 4\n"},
    {"range_batch_zero",
     "dataset: {name: synthetic, kind: xor, samples: 40}\ntraining: {epochs: 1, batch_size: 0}\n",
     "2:35: training.batch_size: 0 is out of range; expected an integer ≥ 1 or full\n"},
    {"range_negative_seed",
     tiny_base + "seeds: [1, -2]\n",
     "3:12: seeds: -2 is negative; seeds are integers ≥ 0\n"},
    {"grid_unknown_key",
     tiny_base + "grid:\n  model.hiden: [[4], [8]]\n",
     "4:3: grid key 'model.hiden' names no setting; did you mean 'model.hidden'? Grid keys are dotted settings such as model.hidden or optimizer.lr, or plugin options such as optimizer.momentum\n"},
    {"grid_empty_list",
     tiny_base + "grid:\n  model.hidden: []\n",
     "4:17: grid.model.hidden: the list of values is empty; give at least one value\n"},
    {"grid_not_list",
     tiny_base + "grid:\n  optimizer.lr: 0.1\n",
     "4:17: grid.optimizer.lr: expected a list of values, got '0.1'\n"},
    {"grid_bad_value",
     tiny_base + "grid:\n  optimizer.lr: [0.1, -1]\n",
     "4:23: optimizer.lr: -1 is out of range; expected a number > 0\n"},
    {"grid_seeds",
     tiny_base + "grid:\n  seeds: [1, 2]\n",
     "4:3: grid key 'seeds' cannot vary within one experiment; list the seeds under seeds: instead\n"},
    {"grid_too_large",
     tiny_base + "grid:\n  optimizer.lr: " + repeat_list("0.1", 1000) + "\n  training.epochs: " + repeat_list("1", 1001) + "\n",
     "4:3: grid: the grid has more than 1000000 points (the product of the lengths of its lists); split it into several experiments\n"},
    {"duplicate_key",
     tiny_base + "model:\n  hidden: [8]\n  hidden: [4]\n",
     "5:3: duplicated key 'hidden' (first set on line 4)\n"},
    {"duplicate_section",
     tiny_base + "training: {epochs: 2}\n",
     "3:1: duplicated key 'training' (first set on line 2)\n"},
    {"plugin_unknown",
     tiny_base + "model: {activation: tahn}\n",
     "3:21: model.activation: no activation plugin named 'tahn'; did you mean 'tanh'? The activation plugins are: elu, gelu, identity, leaky_relu, relu, selu, sigmoid, softplus, softsign, swish, tanh\n"},
    {"plugin_unknown_far",
     tiny_base + "model: {activation: zzzzzz}\n",
     "3:21: model.activation: no activation plugin named 'zzzzzz'. The activation plugins are: elu, gelu, identity, leaky_relu, relu, selu, sigmoid, softplus, softsign, swish, tanh\n"},
    {"plugin_unknown_dataset",
     "dataset: {name: banknotes}\n",
     "1:17: dataset: no dataset plugin named 'banknotes'; did you mean 'banknote'? The dataset plugins are: banknote, ccpp, csv, synthetic\n"},
    {"plugin_missing_dataset",
     "training: {epochs: 1}\n",
     " dataset: a dataset plugin is required; the dataset plugins are: banknote, ccpp, csv, synthetic\n"},
    {"plugin_option_undeclared",
     tiny_base + "optimizer: {name: adam, momentum: 0.9}\n",
     "3:35: optimizer.momentum: optimizer 'adam' has no option 'momentum'. Its options are: beta1, beta2, epsilon. To set an option for one plugin only, write it under optimizer.<plugin>.momentum\n"},
    {"plugin_option_scoped",
     tiny_base + "optimizer: {name: adam, sgd: {momentun: 0.9}}\n",
     "3:41: optimizer.sgd.momentun: optimizer 'sgd' has no option 'momentun'; its options are: momentum, nesterov\n"},
    {"plugin_option_range",
     tiny_base + "optimizer: {name: sgd, momentum: 1.5}\n",
     "3:34: optimizer.momentum: 1.5 is out of range for option 'momentum' of optimizer 'sgd'; expected a number in [0, 1)\n"},
    {"plugin_option_choice",
     "dataset: {name: synthetic, kind: xorr, samples: 40}\ntraining: {epochs: 1}\n",
     "1:34: dataset.kind: 'xorr' is not accepted by option 'kind' of dataset 'synthetic'; expected one of: xor, moons, circles, spirals, sine\n"},
    {"yaml_leading_zero",
     "dataset: {name: synthetic, kind: xor, samples: 40}\ntraining: {epochs: 010}\n",
     "2:20: training.epochs: '010' has a leading zero, which YAML 1.1 reads as an octal number and YAML 1.2 as decimal; write it without the leading zero\n"},
    {"yaml_leading_zero_real",
     tiny_base + "optimizer: {lr: 010}\n",
     "3:17: optimizer.lr: '010' has a leading zero, which YAML 1.1 reads as an octal number and YAML 1.2 as decimal; write it without the leading zero\n"},
    {"yaml_inf",
     tiny_base + "optimizer: {lr: .inf}\n",
     "3:17: optimizer.lr: '.inf' is not a finite number; expected a finite number\n"},
    {"yaml_nan",
     "dataset: {name: synthetic, kind: xor, samples: 40}\ntraining: {epochs: 1, weight_decay: .nan}\n",
     "2:37: training.weight_decay: '.nan' is not a finite number; expected a finite number\n"},
    {"yaml_yes",
     tiny_base + "split: {stratify: yes}\n",
     "3:19: split.stratify: 'yes' is a boolean in YAML 1.1 but a string in YAML 1.2; write true or false\n"},
    {"yaml_hex",
     "dataset: {name: synthetic, kind: xor, samples: 40}\ntraining: {epochs: 0x10}\n",
     "2:20: training.epochs: '0x10' is not a decimal integer; write it in decimal\n"},
    {"deep_flow",
     "dataset: banknote\nmodel: {hidden: " + std::string(100, '[') + std::string(100, ']') + "}\n",
     "2:80: the YAML is nested too deeply (more than 64 levels)\n"},
    {"deep_block",
     deep_block_mapping(200),
     "131:257: the YAML is nested too deeply (more than 64 levels)\n"},
    {"alias_expansion",
     "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
     " the YAML has more than 1000000 values (are aliases expanding?)\n"},
    {"empty_file",
     "",
     " the experiment file is empty; it needs at least a dataset\n"},
    {"top_level_list",
     "- a\n- b\n",
     "1:1: expected a mapping of settings at the top level, got a list\n"},
    {"key_not_scalar",
     tiny_base + "[a, b]: 1\n",
     "3:1: a key must be a plain name, not a list\n"},
    {"early_stopping_without_validation",
     "dataset: {name: synthetic, kind: xor, samples: 40}\ntraining: {epochs: 1, early_stopping: {patience: 3}}\n",
     "2:50: training.early_stopping.patience: early stopping needs a validation part; set training.validation, for example to 0.1\n"},
    {"output_unknown",
     tiny_base + "model: {output: softmx}\n",
     "3:17: model.output: 'softmx' is neither auto, sigmoid, softmax, identity nor an activation plugin; the activation plugins are: elu, gelu, identity, leaky_relu, relu, selu, sigmoid, softplus, softsign, swish, tanh\n"},
    {"choice_unknown",
     tiny_base + "split: {kind: kfodl}\n",
     "3:15: split.kind: 'kfodl' is not one of: holdout, kfold, repeated_kfold; did you mean 'kfold'?\n"},
    {"name_not_folder",
     tiny_base + "name: 'a b'\n",
     " name: 'a b' cannot name a results folder; use letters, digits, '_', '-' and '.'\n"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(yaml_errors)

BOOST_AUTO_TEST_CASE(each_error_names_place_and_expectation) {
    const TempDir folder;
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("case " << c.name) {
            const ErrorRun run = run_yaml(folder, c.name, c.yaml);
            BOOST_TEST(run.exit_code == 2);
            BOOST_TEST(run.err.compare(0, 7 + run.file.size(), "error: " + run.file) == 0, run.err);
            BOOST_TEST(run.message == c.message);
            // Nothing ran: no results folder was made.
            BOOST_TEST(!std::filesystem::exists(folder / (std::string("out-") + c.name)));
        }
    }
}

BOOST_AUTO_TEST_CASE(override_errors_name_the_command_line) {
    const TempDir folder;
    const ErrorRun run = run_yaml(folder, "override", tiny_base, {"optimizer.lr=-1"});
    BOOST_TEST(run.exit_code == 2);
    BOOST_TEST(run.err == "error: command line 'optimizer.lr=-1': optimizer.lr: -1 is out of range; expected a number > 0\n");

    const ErrorRun unknown = run_yaml(folder, "override_key", tiny_base, {"training.epoch=3"});
    BOOST_TEST(unknown.exit_code == 2);
    BOOST_TEST(unknown.err == "error: command line 'training.epoch=3': unknown key 'training.epoch'; did you mean 'epochs'? "
                              "The keys in training are: batch_size, early_stopping, epochs, schedule, validation, "
                              "weight_decay\n");
}

BOOST_AUTO_TEST_CASE(scientific_notation_is_a_number) {
    const TempDir folder;
    const auto experiment = folder.write("sci.yaml", tiny_base + "optimizer: {name: adam, lr: 1e-3}\n");
    const auto result = run_runner({experiment.string(), "-o", (folder / "out").string(), "-q"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    for (const auto& entry : std::filesystem::directory_iterator(folder / "out" / "trials"))
        BOOST_TEST(read_json(entry.path()).at("config").at("optimizer").at("lr").as_double() == 0.001);
}

BOOST_AUTO_TEST_CASE(yaml11_booleans_as_column_names_are_strings) {
    // y and no are booleans in YAML 1.1; as a target column name they are the strings "y" and "no".
    const TempDir folder;
    std::string csv = "x,no,y\n";
    for (int i = 0; i < 40; ++i)
        csv += std::to_string(i % 7) + "," + std::to_string(i % 3) + "," + (i % 2 ? "1" : "0") + "\n";
    const auto data = folder.write("data.csv", csv);
    for (const char* target : {"y", "no"}) {
        BOOST_TEST_CONTEXT("target " << target) {
            const auto experiment = folder.write(std::string("target_") + target + ".yaml",
                                                 "dataset: {name: csv, path: " + data.string() + ", target: " + target +
                                                     "}\ntraining: {epochs: 1}\n");
            const auto output = folder / (std::string("out-") + target);
            const auto result = run_runner({experiment.string(), "-o", output.string(), "-q"});
            BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
            for (const auto& entry : std::filesystem::directory_iterator(output / "trials"))
                BOOST_TEST(std::string(read_json(entry.path()).at("data").at("target").as_string()) == target);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
