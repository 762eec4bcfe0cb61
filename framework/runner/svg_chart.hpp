// Static SVG charts for `runner report`: line charts with a ±1 std band and strip charts of
// values per category. The SVG is complete text, so the report needs no script or network to
// show it and prints as vectors.
#pragma once

#include <limits>
#include <string>
#include <vector>

namespace bplab::runner::svg {

// Colours of the report's charts, opaque so that the browser test can find them in a
// screenshot: training curves, validation curves, one dot per trial, and the mean per value.
inline constexpr const char* train_colour = "#1f77b4";
inline constexpr const char* validation_colour = "#e6550d";
inline constexpr const char* trial_colour = "#2ca02c";
inline constexpr const char* mean_colour = "#7b2d8e";

// One line of a line chart: the mean at each x and a band of mean ± std around it.
struct Series {
    std::string name;
    std::string colour;
    std::vector<double> x;
    std::vector<double> mean;
    std::vector<double> std;  // empty for a line without a band
};

struct LineChart {
    std::string title;
    std::string x_label;
    std::string y_label;
    std::vector<Series> series;
    // Bounds of the quantity, such as [0, 1] for an accuracy: band edges are cut there.
    double y_floor = -std::numeric_limits<double>::infinity();
    double y_ceiling = std::numeric_limits<double>::infinity();
};

// Draws the chart as an <svg> element; an empty chart gets its axes and a "no data" note.
std::string draw_line_chart(const LineChart& chart);

// Values per category on a categorical x axis: one dot per value, spread sideways by a fixed
// pattern so that equal values stay visible, and the mean of each category as a bar. With
// join_means, a dashed line joins the means, for ordered categories such as learning rates.
struct StripChart {
    std::string title;
    std::string x_label;
    std::string y_label;
    std::vector<std::string> categories;
    std::vector<std::vector<double>> values;  // one list per category
    bool join_means = false;
};

std::string draw_strip_chart(const StripChart& chart);

// Escapes &, <, >, " and ' for HTML and SVG text and attributes.
std::string escape(const std::string& text);

// Returns about `count` round tick values (steps of 1, 2 or 5 times a power of ten) that
// cover [low, high].
std::vector<double> nice_ticks(double low, double high, int count);

}  // namespace bplab::runner::svg
