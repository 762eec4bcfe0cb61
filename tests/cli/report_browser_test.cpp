// runner report in a real browser: headless Chromium takes a screenshot of the report of a
// tiny run, and png_colours.py counts the pixels of each chart colour. A second report, with
// the chart data hidden, must fall below the same thresholds, so this test fails when the
// charts are not drawn. Without /usr/bin/chromium the program exits with 77, which ctest
// reports as skipped (SKIP_RETURN_CODE in CMakeLists.txt).
#define BOOST_TEST_MODULE report_browser
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>

#include "cli_support.hpp"

using namespace bplab::testing;

namespace {

const std::filesystem::path chromium{"/usr/bin/chromium"};
const std::filesystem::path python{"/usr/bin/python3"};

struct SkipWithoutChromium {
    SkipWithoutChromium() {
        if (std::filesystem::exists(chromium))
            return;
        std::cout << "SKIPPED: " << chromium.string()
                  << " is not installed, so the report is not rendered (apt-get install chromium)" << std::endl;
        std::exit(77);
    }
};

// Takes a screenshot of an HTML file, 1200 × 3000 CSS pixels at scale 1, and returns the PNG.
std::filesystem::path screenshot(const TempDir& dir, const std::filesystem::path& html, const std::string& name) {
    const auto png = dir / (name + ".png");
    const auto profile = dir / (name + "-profile");
    std::filesystem::create_directories(profile);
    const ProcessResult result = run_program({"/usr/bin/timeout", "120", chromium.string(), "--headless", "--no-sandbox",
                                              "--disable-gpu", "--disable-quic", "--no-first-run",
                                              "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                              "--hide-scrollbars", "--force-device-scale-factor=1",
                                              "--user-data-dir=" + profile.string(), "--screenshot=" + png.string(),
                                              "--window-size=1200,3000", "file://" + html.string()});
    BOOST_TEST_REQUIRE(result.exit_code == 0, "chromium failed with exit code " << result.exit_code << ": " << result.err);
    BOOST_TEST_REQUIRE(std::filesystem::exists(png), "chromium wrote no screenshot: " << result.err);
    return png;
}

// Returns the number of pixels of each colour (RRGGBB) in the PNG.
std::map<std::string, long> colour_counts(const std::filesystem::path& png) {
    const auto script = source_dir / "tests" / "cli" / "png_colours.py";
    const ProcessResult result =
        run_program({python.string(), script.string(), png.string(), "1f77b4", "e6550d", "2ca02c", "7b2d8e"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, "png_colours.py failed: " << result.err);
    std::map<std::string, long> counts;
    std::istringstream in(result.out);
    std::string name;
    long value = 0;
    while (in >> name >> value) {
        counts[name] = value;
        if (name == "size")
            in >> value;  // the height follows the width
    }
    return counts;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

}  // namespace

BOOST_TEST_GLOBAL_FIXTURE(SkipWithoutChromium);

BOOST_AUTO_TEST_SUITE(report_browser)

BOOST_AUTO_TEST_CASE(charts_are_drawn) {
    // The chart colours come from svg_chart.hpp: training #1f77b4, validation #e6550d, trial
    // dots #2ca02c, means #7b2d8e. The legends alone draw 6 × 16 × 3 = 288 pixels of each line
    // colour, so the thresholds lie well above that and well below what the tiny run draws
    // (about 5000 pixels per curve colour, 600 of dots, 1000 of means).
    const std::map<std::string, long> minimum{{"1f77b4", 1500}, {"e6550d", 1500}, {"2ca02c", 250}, {"7b2d8e", 400}};
    const TempDir dir;
    const auto folder = make_run(dir, "tiny", tiny_experiment);
    const ProcessResult report = run_runner({"report", folder.string()});
    BOOST_TEST_REQUIRE(report.exit_code == 0, report.err);

    const auto drawn = colour_counts(screenshot(dir, folder / "report.html", "drawn"));
    BOOST_TEST(drawn.at("size") == 1200);
    for (const auto& [colour, least] : minimum)
        BOOST_TEST(drawn.at(colour) >= least, "colour #" << colour << ": " << drawn.at(colour) << " pixels");

    // The same report with the data of every chart hidden: axes and legends only.
    std::string html = read_text(folder / "report.html");
    replace_all(html, "<path class=\"series\" d=", "<path class=\"series\" data-d=");
    replace_all(html, "<path class=\"band\" d=", "<path class=\"band\" data-d=");
    replace_all(html, "<circle class=\"trial\"", "<circle class=\"trial\" visibility=\"hidden\"");
    replace_all(html, "<line class=\"mean\"", "<line class=\"mean\" visibility=\"hidden\"");
    replace_all(html, "<path class=\"mean-line\"", "<path class=\"mean-line\" visibility=\"hidden\"");
    const auto hidden_file = dir.write("hidden.html", html);
    const auto hidden = colour_counts(screenshot(dir, hidden_file, "hidden"));
    for (const auto& [colour, least] : minimum)
        BOOST_TEST(hidden.at(colour) < least, "colour #" << colour << " without chart data: " << hidden.at(colour) << " pixels");
}

BOOST_AUTO_TEST_SUITE_END()
