//! Maps that refuse a key written twice. serde's own maps keep the last value of a repeated
//! key without a word; `content/sources.yaml`'s ids and the `extra` maps of `guide.yaml` and
//! front matter are read with [`unique_keys`] instead, so a second `first:` is an error
//! (placed at the second by the key walk of `keys.rs`, like any key written twice).

use std::collections::BTreeMap;
use std::fmt::{self, Display};

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// A map that [`unique_keys`] can fill.
pub(crate) trait Map: Default {
    type Key;
    type Value;
    fn has(&self, key: &Self::Key) -> bool;
    fn put(&mut self, key: Self::Key, value: Self::Value);
}

impl<K: Ord, V> Map for BTreeMap<K, V> {
    type Key = K;
    type Value = V;
    fn has(&self, key: &K) -> bool {
        self.contains_key(key)
    }
    fn put(&mut self, key: K, value: V) {
        self.insert(key, value);
    }
}

impl Map for serde_json::Map<String, serde_json::Value> {
    type Key = String;
    type Value = serde_json::Value;
    fn has(&self, key: &String) -> bool {
        self.contains_key(key)
    }
    fn put(&mut self, key: String, value: serde_json::Value) {
        self.insert(key, value);
    }
}

/// Reads a map whose keys must differ (`#[serde(deserialize_with = "...")]`): serde's own
/// maps keep the last value of a key written twice, silently.
pub(crate) fn unique_keys<'de, D, M>(deserializer: D) -> Result<M, D::Error>
where
    D: Deserializer<'de>,
    M: Map,
    M::Key: Deserialize<'de> + Display,
    M::Value: Deserialize<'de>,
{
    struct Unique<M>(std::marker::PhantomData<M>);

    impl<'de, M> Visitor<'de> for Unique<M>
    where
        M: Map,
        M::Key: Deserialize<'de> + Display,
        M::Value: Deserialize<'de>,
    {
        type Value = M;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a mapping")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<M, A::Error> {
            let mut map = M::default();
            while let Some(key) = access.next_key::<M::Key>()? {
                if map.has(&key) {
                    return Err(de::Error::custom(format!("duplicate key `{key}`")));
                }
                let value = access.next_value()?;
                map.put(key, value);
            }
            Ok(map)
        }
    }

    deserializer.deserialize_map(Unique(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_maps_refuse_a_key_given_twice() {
        #[derive(Deserialize)]
        struct Doc {
            #[serde(deserialize_with = "unique_keys")]
            map: BTreeMap<String, u32>,
        }
        let doc: Doc = serde_yaml::from_str("map: {a: 1, b: 2}").unwrap();
        assert_eq!(doc.map.len(), 2);
        let error = serde_yaml::from_str::<Doc>("map: {a: 1, a: 2}")
            .err()
            .unwrap();
        assert!(error.to_string().contains("duplicate key `a`"), "{error}");
    }
}
