// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/json_text.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

using namespace move;

TEST_CASE("numbers print as people write them", "[json_text]") {
  boost::json::value v =
      boost::json::parse(R"({"a":3.5,"b":0.86,"c":14,"d":-2,"e":[1.0,0.1,1e21],"f":"x\"y","g":null,"h":true})");
  REQUIRE(to_json_text(v) == R"({"a":3.5,"b":0.86,"c":14,"d":-2,"e":[1,0.1,1e+21],"f":"x\"y","g":null,"h":true})");
  for (double d : {0.1, 1.0 / 3, 2.675, 1e-7, 123456.789})
    REQUIRE(boost::json::parse(to_json_text(boost::json::value(d))).to_number<double>() == d);
}
