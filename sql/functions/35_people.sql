-- functions/35_people.sql: users and service points as the protocol's objects
-- (svcdesk-protocol(7), RECORDS: User, Service point), for user.list, user.save,
-- service_point.list and service_point.save. Never a password or its hash.

-- The User record with its service point's name and when it last changed.
CREATE OR REPLACE FUNCTION user_object(u users) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT user_json(u) || jsonb_build_object(
        'service_point_name', (SELECT sp.name FROM service_points sp
                               WHERE sp.id = u.service_point_id),
        'updated_at', iso_time(u.updated_at))
$$;

-- kind is the protocol's word for the `own` column; staff counts the active users
-- whose point it is.
CREATE OR REPLACE FUNCTION service_point_object(sp service_points) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', sp.id, 'name', sp.name,
        'kind', CASE WHEN sp.own THEN 'own' ELSE 'outsourced' END,
        'address', sp.address, 'head', sp.head, 'phone', sp.phone, 'region', sp.region,
        'staff', (SELECT count(*) FROM users u
                  WHERE u.service_point_id = sp.id AND u.active))
$$;
