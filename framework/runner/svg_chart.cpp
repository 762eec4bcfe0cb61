#include "svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace bplab::runner::svg {

namespace {

// Chart geometry in SVG user units; the page scales the whole chart to its column width.
constexpr double width = 520;
constexpr double height = 300;
constexpr double plot_left = 64;
constexpr double plot_right = width - 16;
constexpr double plot_top = 36;
constexpr double plot_bottom = height - 52;

// Maps data values on [low, high] linearly to pixel positions on [from, to].
struct Scale {
    double low, high, from, to;
    double operator()(double value) const {
        const double span = high - low;
        return span > 0 ? from + (value - low) / span * (to - from) : (from + to) / 2;
    }
};

std::string number(double value) { return fmt::format("{:.2f}", value); }

// Formats a tick value with as many decimals as the tick step needs.
std::string tick_label(double value, double step) {
    const int decimals = step > 0 ? std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9))) : 0;
    if (std::fabs(value) < step * 1e-6)
        value = 0;  // avoids "-0.00"
    return fmt::format("{:.{}f}", value, decimals);
}

double tick_step(const std::vector<double>& ticks) { return ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0; }

// The <svg> opening, white background, title and y axis with horizontal grid lines.
std::string open_chart(const std::string& title, const std::string& y_label, const std::vector<double>& y_ticks,
                       const Scale& y) {
    std::string out = fmt::format(
        R"svg(<svg class="chart" viewBox="0 0 {0} {1}" width="{0}" height="{1}" role="img" aria-label="{2}" )svg"
        R"svg(xmlns="http://www.w3.org/2000/svg" font-family="inherit">)svg"
        "<title>{2}</title>"
        R"svg(<rect x="0" y="0" width="{0}" height="{1}" fill="#ffffff"/>)svg"
        R"svg(<text x="8" y="18" font-size="13" font-weight="600" fill="#222">{2}</text>)svg",
        width, height, escape(title));
    const double step = tick_step(y_ticks);
    for (double tick : y_ticks) {
        const double py = y(tick);
        out += fmt::format(R"svg(<line x1="{0}" x2="{1}" y1="{2}" y2="{2}" stroke="#e2e2e2" stroke-width="1"/>)svg", plot_left,
                           plot_right, number(py));
        out += fmt::format(R"svg(<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#444">{}</text>)svg", plot_left - 6,
                           number(py + 4), tick_label(tick, step));
    }
    out += fmt::format(R"svg(<text transform="translate(14 {}) rotate(-90)" font-size="11" text-anchor="middle" fill="#444">{}</text>)svg",
                       number((plot_top + plot_bottom) / 2), escape(y_label));
    return out;
}

std::string close_chart(const std::string& x_label) {
    std::string out = fmt::format(R"svg(<line x1="{0}" x2="{1}" y1="{2}" y2="{2}" stroke="#888" stroke-width="1"/>)svg", plot_left,
                                  plot_right, plot_bottom);
    out += fmt::format(R"svg(<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="#888" stroke-width="1"/>)svg", plot_left, plot_top,
                       plot_bottom);
    out += fmt::format(R"svg(<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#444">{}</text>)svg",
                       number((plot_left + plot_right) / 2), height - 8, escape(x_label));
    return out + "</svg>";
}

std::string no_data_note() {
    return fmt::format(R"svg(<text x="{}" y="{}" font-size="12" text-anchor="middle" fill="#666">no data</text>)svg",
                       number((plot_left + plot_right) / 2), number((plot_top + plot_bottom) / 2));
}

// Sets low and high to the range of the finite values; returns false when there are none.
bool finite_range(const std::vector<double>& values, double& low, double& high) {
    bool any = false;
    for (double v : values)
        if (std::isfinite(v)) {
            low = any ? std::min(low, v) : v;
            high = any ? std::max(high, v) : v;
            any = true;
        }
    return any;
}

}  // namespace

std::string escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::vector<double> nice_ticks(double low, double high, int count) {
    if (!(high > low)) {
        // A flat range, such as every trial at accuracy 1: widen it around the value.
        const double pad = std::max(std::fabs(low) * 0.05, 1e-3);
        low -= pad;
        high += pad;
    }
    const double raw = (high - low) / std::max(count, 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double normalized = raw / magnitude;
    double multiple = 10;
    if (normalized < 1.5)
        multiple = 1;
    else if (normalized < 3)
        multiple = 2;
    else if (normalized < 7)
        multiple = 5;
    const double step = multiple * magnitude;
    const double first = std::floor(low / step + 1e-9) * step;
    const double last = std::ceil(high / step - 1e-9) * step;
    std::vector<double> ticks;
    for (int i = 0; first + i * step <= last + step * 1e-9; ++i)
        ticks.push_back(first + i * step);
    return ticks;
}

std::string draw_line_chart(const LineChart& chart) {
    auto band_low = [&](double mean, double spread) { return std::max(mean - spread, chart.y_floor); };
    auto band_high = [&](double mean, double spread) { return std::min(mean + spread, chart.y_ceiling); };

    // Ranges over every mean and band edge.
    double x_low = 0, x_high = 0, y_low = 0, y_high = 0;
    bool any = false;
    for (const Series& series : chart.series) {
        for (std::size_t i = 0; i < series.x.size() && i < series.mean.size(); ++i) {
            const double spread = i < series.std.size() && std::isfinite(series.std[i]) ? series.std[i] : 0.0;
            if (!std::isfinite(series.mean[i]))
                continue;
            const double x = series.x[i];
            x_low = any ? std::min(x_low, x) : x;
            x_high = any ? std::max(x_high, x) : x;
            const double low = std::min(series.mean[i], band_low(series.mean[i], spread));
            const double high = std::max(series.mean[i], band_high(series.mean[i], spread));
            y_low = any ? std::min(y_low, low) : low;
            y_high = any ? std::max(y_high, high) : high;
            any = true;
        }
    }
    if (!any) {
        x_low = 0, x_high = 1, y_low = 0, y_high = 1;
    }
    std::vector<double> x_ticks = nice_ticks(x_low, x_high, 6);
    // Epochs are whole numbers: no ticks between them.
    if (tick_step(x_ticks) < 1 && x_high - x_low < 6) {
        x_ticks.clear();
        for (double t = std::floor(x_low); t <= std::ceil(x_high); t += 1)
            x_ticks.push_back(t);
    }
    const std::vector<double> y_ticks = nice_ticks(y_low, y_high, 5);
    const Scale x{x_ticks.front(), x_ticks.back(), plot_left, plot_right};
    const Scale y{y_ticks.front(), y_ticks.back(), plot_bottom, plot_top};

    std::string out = open_chart(chart.title, chart.y_label, y_ticks, y);
    const double x_step = tick_step(x_ticks);
    for (double tick : x_ticks)
        out += fmt::format(R"svg(<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#444">{}</text>)svg", number(x(tick)),
                           plot_bottom + 16, tick_label(tick, x_step));
    if (!any)
        out += no_data_note();

    // Bands first, so that every mean line lies on top of every band.
    for (const Series& series : chart.series) {
        if (series.std.empty())
            continue;
        std::string upper, lower;
        auto flush = [&] {
            if (!upper.empty())
                out += fmt::format(R"svg(<path class="band" d="M{}L{}Z" fill="{}" fill-opacity="0.18" stroke="none"/>)svg", upper.substr(1), lower,
                                   series.colour);
            upper.clear();
            lower.clear();
        };
        for (std::size_t i = 0; i < series.x.size() && i < series.mean.size(); ++i) {
            if (!std::isfinite(series.mean[i]) || i >= series.std.size() || !std::isfinite(series.std[i])) {
                flush();
                continue;
            }
            const double px = x(series.x[i]);
            upper += fmt::format("L{} {}", number(px), number(y(band_high(series.mean[i], series.std[i]))));
            lower = fmt::format("{} {}", number(px), number(y(band_low(series.mean[i], series.std[i])))) + (lower.empty() ? "" : "L" + lower);
        }
        flush();
    }
    for (const Series& series : chart.series) {
        std::string path;
        bool pen_down = false;
        for (std::size_t i = 0; i < series.x.size() && i < series.mean.size(); ++i) {
            if (!std::isfinite(series.mean[i])) {
                pen_down = false;
                continue;
            }
            path += fmt::format("{}{} {}", pen_down ? "L" : "M", number(x(series.x[i])), number(y(series.mean[i])));
            pen_down = true;
        }
        if (!path.empty())
            out += fmt::format(R"svg(<path class="series" d="{}" fill="none" stroke="{}" stroke-width="2.5" stroke-linejoin="round"/>)svg",
                               path, series.colour);
    }

    // Legend in the title row, right-aligned.
    double legend_x = plot_right;
    for (auto it = chart.series.rbegin(); it != chart.series.rend(); ++it) {
        const double text_width = static_cast<double>(it->name.size()) * 6.2;
        legend_x -= text_width;
        out += fmt::format(R"svg(<text x="{}" y="18" font-size="11" fill="#333">{}</text>)svg", number(legend_x), escape(it->name));
        legend_x -= 22;
        out += fmt::format(R"svg(<line x1="{}" x2="{}" y1="14" y2="14" stroke="{}" stroke-width="3"/>)svg", number(legend_x),
                           number(legend_x + 16), it->colour);
        legend_x -= 12;
    }
    return out + close_chart(chart.x_label);
}

std::string draw_strip_chart(const StripChart& chart) {
    double y_low = 0, y_high = 0;
    bool any = false;
    for (const auto& values : chart.values) {
        double low = 0, high = 0;
        if (!finite_range(values, low, high))
            continue;
        y_low = any ? std::min(y_low, low) : low;
        y_high = any ? std::max(y_high, high) : high;
        any = true;
    }
    if (!any) {
        y_low = 0, y_high = 1;
    }
    const std::vector<double> y_ticks = nice_ticks(y_low, y_high, 5);
    const Scale y{y_ticks.front(), y_ticks.back(), plot_bottom, plot_top};
    std::string out = open_chart(chart.title, chart.y_label, y_ticks, y);
    if (!any)
        out += no_data_note();

    const std::size_t count = std::max<std::size_t>(chart.categories.size(), 1);
    const double band = (plot_right - plot_left) / static_cast<double>(count);
    // Labels that would run into each other are turned by 30 degrees. 6.2 units is about the
    // width of one character at font size 11.
    std::size_t longest = 0;
    for (const auto& category : chart.categories)
        longest = std::max(longest, category.size());
    const bool turned = static_cast<double>(longest) * 6.2 > band - 4;
    std::string means;
    for (std::size_t c = 0; c < chart.categories.size(); ++c) {
        const double centre = plot_left + band * (static_cast<double>(c) + 0.5);
        if (turned)
            out += fmt::format(R"svg(<text transform="translate({} {}) rotate(-30)" font-size="11" text-anchor="end" fill="#444">{}</text>)svg",
                               number(centre + 3), plot_bottom + 14, escape(chart.categories[c]));
        else
            out += fmt::format(R"svg(<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#444">{}</text>)svg", number(centre),
                               plot_bottom + 16, escape(chart.categories[c]));
        if (c >= chart.values.size())
            continue;
        double sum = 0;
        std::size_t n = 0;
        for (std::size_t i = 0; i < chart.values[c].size(); ++i) {
            const double value = chart.values[c][i];
            if (!std::isfinite(value))
                continue;
            // Sideways offsets from the golden-ratio sequence fill the strip evenly and are the
            // same on every run.
            const double fraction = std::fmod(static_cast<double>(i) * 0.6180339887498949, 1.0) - 0.5;
            const double px = centre + fraction * std::min(band * 0.6, 60.0);
            out += fmt::format(R"svg(<circle class="trial" cx="{}" cy="{}" r="3.2" fill="{}"/>)svg", number(px), number(y(value)),
                               trial_colour);
            sum += value;
            ++n;
        }
        if (n == 0)
            continue;
        const double mean = sum / static_cast<double>(n);
        const double half = std::min(band * 0.4, 40.0);
        out += fmt::format(R"svg(<line class="mean" x1="{0}" x2="{1}" y1="{2}" y2="{2}" stroke="{3}" stroke-width="3.5"/>)svg",
                           number(centre - half), number(centre + half), number(y(mean)), mean_colour);
        means += fmt::format("{}{} {}", means.empty() ? "M" : "L", number(centre), number(y(mean)));
    }
    if (chart.join_means && !means.empty())
        out += fmt::format(R"svg(<path class="mean-line" d="{}" fill="none" stroke="{}" stroke-width="1.5" stroke-dasharray="4 3"/>)svg", means,
                           mean_colour);
    return out + close_chart(chart.x_label);
}

}  // namespace bplab::runner::svg
