// Metrics against values worked out by hand.
#define BOOST_TEST_MODULE metrics
#include <boost/test/unit_test.hpp>

#include "train/metrics.hpp"

using namespace bplab;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_CASE(binary_metrics_by_hand) {
    // p = 0.9, 0.2, 0.6, 0.4 against y = 1, 0, 0, 1: predictions 1, 0, 1, 0, so
    // TP = 1, TN = 1, FP = 1, FN = 1. Accuracy 2/4; precision 1/(1+1); recall 1/(1+1); F1 0.5.
    // Log loss = -(ln 0.9 + ln 0.8 + ln 0.4 + ln 0.4) / 4 = 0.5402713826800865.
    Matrix P(4, 1);
    P << 0.9, 0.2, 0.6, 0.4;
    Vector y(4);
    y << 1, 0, 0, 1;
    const train::Metrics m = train::classification_metrics(Task::binary, P, y, 2);
    BOOST_TEST(m.get("accuracy") == 0.5);
    BOOST_TEST(m.get("precision") == 0.5);
    BOOST_TEST(m.get("recall") == 0.5);
    BOOST_TEST(m.get("f1") == 0.5);
    BOOST_TEST(m.get("log_loss") == 0.5402713826800865, tt::tolerance(1e-14));
    BOOST_TEST(m.confusion[0][0] == 1);
    BOOST_TEST(m.confusion[0][1] == 1);
    BOOST_TEST(m.confusion[1][0] == 1);
    BOOST_TEST(m.confusion[1][1] == 1);
}

BOOST_AUTO_TEST_CASE(binary_precision_is_zero_without_positive_predictions) {
    // Every p < 0.5: no positive prediction, so precision and F1 have a zero denominator and are 0.
    Matrix P(3, 1);
    P << 0.1, 0.2, 0.3;
    Vector y(3);
    y << 1, 0, 0;
    const train::Metrics m = train::classification_metrics(Task::binary, P, y, 2);
    BOOST_TEST(m.get("precision") == 0.0);
    BOOST_TEST(m.get("recall") == 0.0);
    BOOST_TEST(m.get("f1") == 0.0);
    BOOST_TEST(m.get("accuracy") == 2.0 / 3.0, tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(multiclass_metrics_by_hand) {
    // y = 0, 1, 2, 2; argmax predictions 0, 2, 2, 1. Per class: class 0 precision 1, recall 1,
    // F1 1; class 1 has no true positive, F1 0; class 2 precision 1/2, recall 1/2, F1 1/2.
    // Macro F1 = (1 + 0 + 0.5) / 3 = 0.5. Log loss = -(ln 0.7 + ln 0.2 + ln 0.5 + ln 0.3) / 4.
    Matrix P(4, 3);
    P << 0.7, 0.2, 0.1,
         0.1, 0.2, 0.7,
         0.2, 0.3, 0.5,
         0.1, 0.6, 0.3;
    Vector y(4);
    y << 0, 1, 2, 2;
    const train::Metrics m = train::classification_metrics(Task::multiclass, P, y, 3);
    BOOST_TEST(m.get("accuracy") == 0.5);
    BOOST_TEST(m.get("macro_f1") == 0.5, tt::tolerance(1e-15));
    BOOST_TEST(m.get("log_loss") == 0.9658082103146786, tt::tolerance(1e-14));
    BOOST_TEST(m.confusion[1][2] == 1);
    BOOST_TEST(m.confusion[2][1] == 1);
    BOOST_TEST(m.confusion[2][2] == 1);
}

BOOST_AUTO_TEST_CASE(regression_metrics_by_hand) {
    // Predictions 2, 4, 6 against 1, 5, 6: errors 1, -1, 0. RMSE = √(2/3), MAE = 2/3.
    // Mean target 4, SS_tot = 9 + 1 + 4 = 14, SS_res = 2, R² = 1 - 2/14.
    // MAPE = 100 (1/1 + 1/5 + 0) / 3 = 40 percent.
    Vector predicted(3), actual(3);
    predicted << 2, 4, 6;
    actual << 1, 5, 6;
    const train::Metrics m = train::regression_metrics(predicted, actual);
    BOOST_TEST(m.get("rmse") == 0.816496580927726, tt::tolerance(1e-14));
    BOOST_TEST(m.get("mae") == 2.0 / 3.0, tt::tolerance(1e-14));
    BOOST_TEST(m.get("r2") == 1.0 - 2.0 / 14.0, tt::tolerance(1e-14));
    BOOST_TEST(m.get("mape") == 40.0, tt::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(undefined_metrics_are_left_out) {
    // A zero target makes MAPE undefined; a constant target makes R² undefined. Neither may be
    // written as NaN or infinity.
    Vector predicted(2), actual(2);
    predicted << 1, 2;
    actual << 0, 0;
    const train::Metrics m = train::regression_metrics(predicted, actual);
    BOOST_TEST(std::isnan(m.get("mape")));
    BOOST_TEST(std::isnan(m.get("r2")));
    BOOST_TEST(m.values.size() == 2u);
    BOOST_TEST(m.get("rmse") == std::sqrt(2.5), tt::tolerance(1e-14));
}
