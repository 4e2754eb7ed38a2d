// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// An XML document walked with expat, for the GPX and TCX readers (issue
// 20): each element as its namespace URI and local name, its attributes and
// its own text. Entity declarations are refused (no entity expansion at
// all), external entities are never loaded, nesting is limited.

#include <string_view>
#include <vector>

namespace move {

struct XmlAttribute {
  std::string_view ns;    // "" when unprefixed
  std::string_view name;  // local name
  std::string_view value;
};

class XmlVisitor {
 public:
  virtual ~XmlVisitor() = default;
  virtual void start(std::string_view ns, std::string_view name, const std::vector<XmlAttribute>& attributes,
                     long line) = 0;
  /// `text`: the element's own character data (CDATA included, children's
  /// not), at most the first 4096 bytes of it.
  virtual void end(std::string_view ns, std::string_view name, std::string_view text, long line) = 0;
};

/// Walks `text`. Throws ImportError naming `file`: "not XML (line 3:
/// mismatched tag)", "refused (line 2: the document declares entities)";
/// what the visitor throws stops the walk and comes out as it is.
void visit_xml(std::string_view text, std::string_view file, XmlVisitor& visitor);

}  // namespace move
