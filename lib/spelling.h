// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Did you mean": the closest known word to a misspelt one.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace move {

/// Levenshtein distance between a and b.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to word, when it is near enough to be a typo
/// (at most a third of the word's letters differ); nullopt otherwise.
std::optional<std::string_view> closest(std::string_view word, std::span<const std::string_view> candidates);

/// ` (did you mean "walk"?)` in the user's language for the closest
/// candidate, or "" when none is near.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace move
