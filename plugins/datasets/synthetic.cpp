// Generated datasets, so that tests and tutorials need no files. The same options and seed give
// the same table on every machine.
//   xor      four Gaussian blobs at (±1, ±1); class 1 where the signs differ (binary)
//   moons    two interleaved half circles (binary)
//   circles  a circle of radius 1 around one of radius 0.5 (binary)
//   spirals  `arms` spiral arms around the origin, one class each (multiclass)
//   sine     y = sin(x) + noise for x uniform in [-π, π] (regression)
#include <cmath>

#include <bplab/plugin.hpp>
#include <bplab/random.hpp>

class Synthetic final : public bplab::Dataset {
public:
    explicit Synthetic(const bplab::Options& options)
        : kind_(options.string("kind")), samples_(options.integer("samples")), noise_(options.real("noise")),
          arms_(options.integer("arms")), seed_(options.integer("seed")) {}

    bplab::Table load(const bplab::DatasetContext&) override {
        bplab::Random random(static_cast<std::uint64_t>(seed_));
        const Eigen::Index n = samples_;
        bplab::Table table;
        table.source = "synthetic " + kind_ + " (seed " + std::to_string(seed_) + ")";
        table.target_name = "label";
        table.task = bplab::Task::binary;
        table.features.resize(n, 2);
        table.targets.resize(n);
        table.feature_names = {"x1", "x2"};
        const double pi = 3.14159265358979323846;

        if (kind_ == "xor") {
            for (Eigen::Index i = 0; i < n; ++i) {
                const double sx = (i % 2) ? 1.0 : -1.0;
                const double sy = ((i / 2) % 2) ? 1.0 : -1.0;
                table.features(i, 0) = sx + noise_ * random.normal();
                table.features(i, 1) = sy + noise_ * random.normal();
                table.targets(i) = sx * sy < 0 ? 1.0 : 0.0;
            }
            table.class_names = {"same_sign", "different_sign"};
        } else if (kind_ == "moons") {
            for (Eigen::Index i = 0; i < n; ++i) {
                const bool inner = i % 2;
                const double t = pi * random.uniform();
                table.features(i, 0) = (inner ? 1.0 - std::cos(t) : std::cos(t)) + noise_ * random.normal();
                table.features(i, 1) = (inner ? 0.5 - std::sin(t) : std::sin(t)) + noise_ * random.normal();
                table.targets(i) = inner ? 1.0 : 0.0;
            }
            table.class_names = {"outer", "inner"};
        } else if (kind_ == "circles") {
            for (Eigen::Index i = 0; i < n; ++i) {
                const bool inner = i % 2;
                const double t = 2.0 * pi * random.uniform();
                const double radius = inner ? 0.5 : 1.0;
                table.features(i, 0) = radius * std::cos(t) + noise_ * random.normal();
                table.features(i, 1) = radius * std::sin(t) + noise_ * random.normal();
                table.targets(i) = inner ? 1.0 : 0.0;
            }
            table.class_names = {"outer", "inner"};
        } else if (kind_ == "spirals") {
            // Arm c runs from the centre outwards, turning 4 radians while its radius grows from
            // 0 to 1; the arms start 4 radians apart. Noise is added to the angle.
            table.task = bplab::Task::multiclass;
            for (Eigen::Index i = 0; i < n; ++i) {
                const std::int64_t arm = i % arms_;
                const double r = random.uniform();
                const double t = 4.0 * static_cast<double>(arm) + 4.0 * r + noise_ * random.normal();
                table.features(i, 0) = r * std::sin(t);
                table.features(i, 1) = r * std::cos(t);
                table.targets(i) = static_cast<double>(arm);
            }
            for (std::int64_t arm = 0; arm < arms_; ++arm)
                table.class_names.push_back("arm_" + std::to_string(arm));
        } else {
            table.task = bplab::Task::regression;
            table.features.resize(n, 1);
            table.feature_names = {"x"};
            table.target_name = "y";
            for (Eigen::Index i = 0; i < n; ++i) {
                const double x = pi * random.uniform(-1.0, 1.0);
                table.features(i, 0) = x;
                table.targets(i) = std::sin(x) + noise_ * random.normal();
            }
        }
        return table;
    }

private:
    std::string kind_;
    std::int64_t samples_;
    double noise_;
    std::int64_t arms_;
    std::int64_t seed_;
};

BPLAB_DATASET(Synthetic, .name = "synthetic", .version = "1.0.0",
              .summary = "generated data: xor, moons, circles, spirals (multiclass) or a noisy sine (regression)",
              .options = {{.name = "kind", .type = bplab::OptionType::string, .default_value = std::string("moons"),
                           .choices = {"xor", "moons", "circles", "spirals", "sine"}, .help = "which problem to generate"},
                          {.name = "samples", .type = bplab::OptionType::integer, .default_value = std::int64_t{600}, .min = 4,
                           .max = 10000000, .help = "number of rows"},
                          {.name = "noise", .type = bplab::OptionType::real, .default_value = 0.1, .min = 0.0,
                           .help = "standard deviation of the Gaussian noise (on the angle, in radians, for spirals)"},
                          {.name = "arms", .type = bplab::OptionType::integer, .default_value = std::int64_t{3}, .min = 2,
                           .max = 100, .help = "number of spiral arms, one class each (spirals only)"},
                          {.name = "seed", .type = bplab::OptionType::integer, .default_value = std::int64_t{1}, .min = 0,
                           .help = "seed of the generator; the data does not change with the trial seeds"}})
