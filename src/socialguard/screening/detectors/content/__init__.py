"""Content detectors: the twelve non-personal-data categories of product.md §3.

``DETECTORS`` maps each detector's registry name to its dotted path; ``registry.available()``
merges it with the built-in personal-data detectors. Modules are imported on first use.

Each detector is council-agnostic (clauses come from the pack), reads its words from
``policy_packs/_shared/lexicons/*.txt`` and its phrase shapes from
``policy_packs/_shared/patterns/*.yaml``, and is cheap-gated: with no hit of its lexicons in the
document's single Aho-Corasick pass it returns at once.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["DETECTORS"]

_PKG = "socialguard.screening.detectors.content"

DETECTORS: Mapping[str, str] = {
    "content.offensive_language": f"{_PKG}.offensive:OffensiveLanguageDetector",
    "content.discrimination": f"{_PKG}.discrimination:DiscriminationDetector",
    "content.harassment": f"{_PKG}.harassment:HarassmentDetector",
    "content.sexual_content": f"{_PKG}.sexual:SexualContentDetector",
    "content.defamation_risk": f"{_PKG}.defamation:DefamationRiskDetector",
    "content.political_activity": f"{_PKG}.political:PoliticalActivityDetector",
    "content.council_representation": f"{_PKG}.representation:CouncilRepresentationDetector",
    "content.confidential_information": f"{_PKG}.confidential:ConfidentialInformationDetector",
    "content.safeguarding_concern": f"{_PKG}.safeguarding:SafeguardingDetector",
    "content.service_request": f"{_PKG}.routing:ServiceRequestDetector",
    "content.complaint": f"{_PKG}.routing:ComplaintDetector",
    "content.press_enquiry": f"{_PKG}.routing:PressEnquiryDetector",
}
