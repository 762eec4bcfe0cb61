// runner report: the HTML file of a tiny real run, read as text. That the charts show in a
// browser is checked by report_browser_test.cpp.
#define BOOST_TEST_MODULE report
#include <boost/test/unit_test.hpp>

#include <regex>

#include "cli_support.hpp"

using namespace bplab::testing;

namespace {

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size()))
        ++n;
    return n;
}

struct Run {
    TempDir dir;
    std::filesystem::path folder;
    Run() { folder = make_run(dir, "tiny", tiny_experiment); }
};

const Run& run() {
    static const Run instance;
    return instance;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report)

BOOST_AUTO_TEST_CASE(writes_charts_for_tiny_run) {
    const ProcessResult result = run_runner({"report", run().folder.string()});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    const auto file = run().folder / "report.html";
    BOOST_TEST(result.out == "report: " + file.string() + "\n");
    const std::string html = read_text(file);

    // Three best points × (loss, accuracy) plus one chart per grid key.
    BOOST_TEST(count(html, "<svg class=\"chart\"") == 8u);
    // Training and validation mean lines and bands in each learning curve.
    BOOST_TEST(count(html, "<path class=\"series\"") == 12u);
    BOOST_TEST(count(html, "<path class=\"band\"") == 12u);
    // Five epochs: a line of one move and four segments.
    const std::regex series(R"(<path class="series" d="M[0-9.]+ [0-9.]+(L[0-9.]+ [0-9.]+){4}")");
    BOOST_TEST(std::distance(std::sregex_iterator(html.begin(), html.end(), series), std::sregex_iterator()) == 12);
    // One dot per trial in each grid-key chart, and a mean bar per value.
    BOOST_TEST(count(html, "<circle class=\"trial\"") == 24u);
    BOOST_TEST(count(html, "<line class=\"mean\"") == 4u);
    // The ranked table: four points, the best marked.
    BOOST_TEST(count(html, "<tr class=\"best\">") == 1u);
    const auto ranking = html.find("<section id=\"ranking\">");
    BOOST_TEST_REQUIRE(ranking != std::string::npos);
    const std::string table = html.substr(ranking, html.find("</section>", ranking) - ranking);
    BOOST_TEST(count(table, "<tr") == 5u);  // the header and four points
    BOOST_TEST(html.find("<h2>Grid points ranked by test.accuracy</h2>") != std::string::npos);
    BOOST_TEST(html.find("<h2>Learning curves of the best 3 points</h2>") != std::string::npos);
    BOOST_TEST(html.find("<h2>test.accuracy by grid value</h2>") != std::string::npos);
    BOOST_TEST(html.find("@media print") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(needs_no_network) {
    const ProcessResult result = run_runner({"report", run().folder.string()});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    const std::string html = read_text(run().folder / "report.html");
    BOOST_TEST(html.find("<script") == std::string::npos);
    BOOST_TEST(html.find("<link") == std::string::npos);
    BOOST_TEST(html.find("src=") == std::string::npos);
    BOOST_TEST(html.find("url(") == std::string::npos);
    BOOST_TEST(html.find("@import") == std::string::npos);
    // The only address is the SVG namespace, which browsers never fetch.
    BOOST_TEST(count(html, "http") == count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
}

BOOST_AUTO_TEST_CASE(output_and_curve_options) {
    const TempDir dir;
    const auto file = dir / "one.html";
    const ProcessResult result = run_runner({"report", run().folder.string(), "--output", file.string(), "--curves", "1"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == "report: " + file.string() + "\n");
    const std::string html = read_text(file);
    BOOST_TEST(count(html, "<svg class=\"chart\"") == 4u);
    BOOST_TEST(html.find("<h2>Learning curves of the best 1 point</h2>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejects_bad_folder) {
    const TempDir dir;
    const ProcessResult result = run_runner({"report", dir.path().string()});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: " + dir.path().string() +
                                 ": experiment.json is missing, so this is not a results folder of 'runner EXPERIMENT.yaml -o DIR'\n");
    BOOST_TEST(!std::filesystem::exists(dir / "report.html"));
}

BOOST_AUTO_TEST_SUITE_END()
