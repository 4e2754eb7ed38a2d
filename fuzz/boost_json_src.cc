// SPDX-License-Identifier: GPL-3.0-or-later
// Boost.JSON compiled into the fuzz targets (instead of linking Debian's
// libboost_json), so that its parser is instrumented too and the fuzzer
// sees coverage inside it. src.hpp goes into exactly one file of a program.
#include <boost/json/src.hpp>
