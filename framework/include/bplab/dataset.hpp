// Dataset plugins. A dataset returns a whole table; splitting, k-fold and scaling belong to the
// framework, so that every dataset gets them the same way.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bplab/error.hpp"
#include "bplab/manifest.hpp"
#include "bplab/matrix.hpp"

namespace bplab {

enum class Task { binary, multiclass, regression };

inline const char* to_string(Task task) {
    switch (task) {
    case Task::binary: return "binary";
    case Task::multiclass: return "multiclass";
    case Task::regression: return "regression";
    }
    return "unknown";
}

// A loaded dataset. `features` is (samples, features). For classification `targets` holds class
// indices 0..k-1 and `class_names` the original label of each index; for regression it holds
// the target values in their own unit.
struct Table {
    Matrix features;
    Vector targets;
    std::vector<std::string> feature_names;
    std::string target_name;
    std::vector<std::string> class_names;
    Task task = Task::regression;
    std::string source;  // the file it was read from, or a description of how it was generated
};

// The runner's context for a dataset: where relative file names are looked up.
struct DatasetContext {
    // Folders tried in order for a relative path: the working directory, the experiment file's
    // folder and the data folders of the runner (the source tree's or the installed one).
    std::vector<std::filesystem::path> search_dirs;

    // Returns the first existing file among search_dirs / path, or path itself when none exists,
    // so that the error about a missing file names what the user wrote.
    std::filesystem::path resolve(const std::string& path) const {
        std::filesystem::path given(path);
        if (given.is_absolute())
            return given;
        for (const auto& dir : search_dirs) {
            std::error_code ignored;
            if (std::filesystem::exists(dir / given, ignored))
                return dir / given;
        }
        return given;
    }
};

class Dataset {
public:
    virtual ~Dataset() = default;

    // Loads the table. Throws bplab::Error naming the file, row and column of bad data.
    virtual Table load(const DatasetContext& context) = 0;
};

template <class T>
std::unique_ptr<Dataset> make_dataset(const Options& options) {
    return std::make_unique<T>(options);
}

}  // namespace bplab
