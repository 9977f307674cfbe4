// submit.cpp — validate → seal → store (see hrc/submit.h), and wiping a draft.

#include "hrc/submit.h"

#include <ctime>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "hrc/reference.h"

namespace hrc {

namespace {

// Zeroes the whole buffer of a string, including spare capacity left by earlier, longer text.
void wipe_string(std::string& s) {
    s.resize(s.capacity());
    sodium_memzero(s.data(), s.size());
    s.clear();
}

void wipe_optional(std::optional<std::string>& s) {
    if (s) wipe_string(*s);
    s.reset();
}

// nlohmann::json keeps its own copies of every string value; zero them before the DOM is freed.
void wipe_json(nlohmann::json& j) {
    if (j.is_string()) {
        wipe_string(j.get_ref<std::string&>());
    } else if (j.is_structured()) {
        for (auto& child : j)
            wipe_json(child);
    }
}

} // namespace

void wipe(Report& r) {
    for (std::string* s :
         {&r.report_id, &r.reference, &r.centre_id, &r.kiosk_id, &r.created_at, &r.language})
        wipe_string(*s);
    for (std::optional<std::string>* s : {&r.staff_id,
                                          &r.other_difference,
                                          &r.what_happened_other,
                                          &r.description,
                                          &r.where.place_other,
                                          &r.where.address,
                                          &r.where.postcode,
                                          &r.offenders.description,
                                          &r.harm.injury_details,
                                          &r.harm.damage_details,
                                          &r.harm.stolen_details,
                                          &r.harm.witness_details,
                                          &r.harm.evidence_details,
                                          &r.about.name,
                                          &r.about.phone,
                                          &r.about.email,
                                          &r.about.address,
                                          &r.about.safe_contact_times,
                                          &r.about.interpreter_language,
                                          &r.about.access_needs})
        wipe_optional(*s);
    if (r.when.date) {
        wipe_optional(r.when.date->date);
        wipe_optional(r.when.date->date_to);
    }
    for (std::optional<Consent>* c :
         {&r.consents.share_with_police, &r.consents.police_may_contact,
          &r.consents.support_referral, &r.consents.anonymous_statistics})
        if (*c) wipe_string((*c)->wording_version);
    r = Report{};
}

SubmitOutcome submit_report(Store& store, Report& report, const KioskKeys& kiosk,
                            const CentralIdentity& central, CivilDate today, std::int64_t now) {
    const KioskRow device = store.kiosk();
    report.kiosk_id = device.kiosk_id;
    report.centre_id = device.centre_id;
    report.schema_version = kReportSchemaVersion;
    if (report.report_id.empty()) report.report_id = new_report_id();
    if (report.reference.empty()) report.reference = new_reference();
    if (report.created_at.empty()) report.created_at = format_utc(now);

    SubmitOutcome outcome;
    outcome.report_id = report.report_id;
    outcome.problems = validate(report, today);
    if (!outcome.problems.empty()) return outcome;

    NewOutboxItem item;
    item.report_id = report.report_id;
    item.reference = report.reference;
    item.language = report.language;
    item.mode = std::string(to_string(report.mode));
    // The outbox clock is when the sealed copy entered this kiosk (retention counts from it), not the
    // report's own created_at, which a re-imported file may carry from long ago.
    item.created_at = now;
    item.key_id = central.sealing_key_id;
    {
        nlohmann::json dom = to_json(report);
        std::string plaintext = dom.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        wipe_json(dom);
        try {
            item.sealed = seal(plaintext, report.report_id, report.kiosk_id, report.schema_version,
                               central, kiosk);
        } catch (...) {
            wipe_string(plaintext);
            throw;
        }
        wipe_string(plaintext);
    }
    store.insert(item, now);
    outcome.reference = report.reference;
    return outcome;
}

} // namespace hrc
