//! The diesel schema, written by hand because it must be the same for both backends: Text ids,
//! BigInt versions, Bool flags and Timestamps in UTC.

diesel::table! {
    catalogue_state (id) {
        id -> Integer,
        version -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    municipalities (code) {
        code -> Text,
        name_fi -> Text,
        name_sv -> Nullable<Text>,
    }
}

diesel::table! {
    organizations (id) {
        id -> Text,
        name -> Text,
        name_sv -> Nullable<Text>,
        kind -> Text,
        description -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    services (id) {
        id -> Text,
        organization_id -> Text,
        name_fi -> Text,
        name_sv -> Nullable<Text>,
        name_en -> Nullable<Text>,
        description_fi -> Nullable<Text>,
        description_sv -> Nullable<Text>,
        description_en -> Nullable<Text>,
        status -> Text,
        min_age -> Nullable<Integer>,
        max_age -> Nullable<Integer>,
        municipalities -> Text,
        languages -> Text,
        channels -> Text,
        need_codes -> Text,
        service_class -> Nullable<Text>,
        access_target_days -> Integer,
        accepts_referrals -> Bool,
        hours -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    service_points (id) {
        id -> Text,
        service_id -> Text,
        location_id -> Text,
        name -> Text,
        name_sv -> Nullable<Text>,
        address -> Nullable<Text>,
        postal_code -> Nullable<Text>,
        city -> Nullable<Text>,
        municipality -> Nullable<Text>,
        languages -> Text,
        hours -> Text,
        active -> Bool,
        version -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    teams (id) {
        id -> Text,
        slug -> Nullable<Text>,
        name -> Text,
        sote_centre -> Nullable<Text>,
        municipalities -> Text,
        languages -> Text,
        weekly_capacity -> Integer,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    team_services (team_id, service_id) {
        team_id -> Text,
        service_id -> Text,
    }
}

diesel::joinable!(services -> organizations (organization_id));
diesel::joinable!(service_points -> services (service_id));
diesel::joinable!(team_services -> teams (team_id));
diesel::joinable!(team_services -> services (service_id));

diesel::allow_tables_to_appear_in_same_query!(
    catalogue_state,
    municipalities,
    organizations,
    services,
    service_points,
    teams,
    team_services,
);

diesel::table! {
    referrals (id) {
        id -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Text,
        channel -> Text,
        client_key -> Text,
        identity_enc -> Text,
        age -> Integer,
        municipality -> Text,
        language -> Text,
        description_enc -> Nullable<Text>,
        needs -> Text,
        services -> Text,
        lead_team_id -> Nullable<Text>,
        participating_team_ids -> Text,
        segment -> Text,
        urgency -> Text,
        due_at -> Timestamp,
        status -> Text,
        version -> BigInt,
        consent -> Bool,
        disclosure_prohibited -> Bool,
        emergency_level -> Nullable<Text>,
        accepted_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        safety_screen_enc -> Nullable<Text>,
    }
}

diesel::table! {
    referral_teams (referral_id, team_id) {
        referral_id -> Text,
        team_id -> Text,
        role -> Text,
    }
}

diesel::table! {
    referral_events (id) {
        id -> Text,
        referral_id -> Text,
        at -> Timestamp,
        actor -> Text,
        actor_roles -> Text,
        kind -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        reason -> Nullable<Text>,
        team_id -> Nullable<Text>,
        version -> BigInt,
    }
}

diesel::table! {
    idempotency_keys (subject, key) {
        subject -> Text,
        key -> Text,
        request_hash -> Text,
        referral_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor -> Text,
        roles -> Text,
        action -> Text,
        referral_id -> Nullable<Text>,
        request_id -> Nullable<Text>,
        detail -> Nullable<Text>,
    }
}

diesel::table! {
    data_upgrades (name) {
        name -> Text,
        done_at -> Timestamp,
    }
}

diesel::joinable!(referral_teams -> referrals (referral_id));
diesel::joinable!(referral_events -> referrals (referral_id));

diesel::allow_tables_to_appear_in_same_query!(
    referrals,
    referral_teams,
    referral_events,
    idempotency_keys,
    audit_log,
    teams
);

diesel::table! {
    feedback (referral_id) {
        referral_id -> Text,
        helped -> Bool,
        within_target -> Bool,
        grade -> Integer,
        comment_enc -> Nullable<Text>,
        source -> Text,
        recorded_at -> Timestamp,
        recorded_by -> Text,
    }
}

diesel::table! {
    feedback_links (token_hash) {
        token_hash -> Text,
        referral_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(feedback -> referrals (referral_id));
diesel::joinable!(feedback_links -> referrals (referral_id));

diesel::allow_tables_to_appear_in_same_query!(feedback, feedback_links, referrals);
