// Matrix types shared by the engine and the plugins. Batches are row-major: one sample a row.
#pragma once

#include <Eigen/Core>

namespace bplab {

using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::VectorXd;

// Views that accept a whole matrix or a block of rows without copying, so the engine can hand
// a plugin the first n rows of a buffer sized for the largest batch.
using MatrixRef = Eigen::Ref<Matrix>;
using ConstMatrixRef = Eigen::Ref<const Matrix>;

}  // namespace bplab
